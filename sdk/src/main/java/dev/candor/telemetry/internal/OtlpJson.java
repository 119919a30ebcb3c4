package dev.candor.telemetry.internal;

import dev.candor.common.AttributeNames;
import dev.candor.common.OtlpLogs;
import dev.candor.telemetry.TelemetryLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes events as OTLP/JSON: one {@code ResourceLogs} per run (the common properties as resource
 * attributes), each event a LogRecord with {@code eventName} and a {@code log.record.uid} attribute.
 * 64-bit integers are decimal strings, as the protobuf JSON mapping requires.
 */
public final class OtlpJson {
    public static final String SCOPE_NAME = "dev.candor.telemetry";

    private OtlpJson() {}

    /** One {@code ResourceLogs} object: the unit the spool stores and batches concatenate. */
    public static String resourceLogs(Map<String, Object> resource, List<RecordedEvent> events, String sdkVersion) {
        List<OtlpLogs.Record> records = new ArrayList<>(events.size());
        for (RecordedEvent e : events) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(AttributeNames.RECORD_UID, e.uid());
            attributes.putAll(e.attributes());
            records.add(new OtlpLogs.Record(
                    e.epochNanos(), severity(e.level()), severityText(e.level()), e.name(), attributes));
        }
        return OtlpLogs.resourceLogs(resource, SCOPE_NAME, sdkVersion, records);
    }

    /** Joins stored {@code ResourceLogs} objects into one {@code ExportLogsServiceRequest}. */
    public static String request(List<String> resourceLogs) {
        return OtlpLogs.request(resourceLogs);
    }

    static int severity(TelemetryLevel level) {
        switch (level) {
            case CRASH:
                return 21;
            case ERROR:
                return 17;
            default:
                return 9;
        }
    }

    static String severityText(TelemetryLevel level) {
        switch (level) {
            case CRASH:
                return "FATAL";
            case ERROR:
                return "ERROR";
            default:
                return "INFO";
        }
    }
}
