package dev.candor.telemetry.internal;

import dev.candor.telemetry.AttributeNames;
import dev.candor.telemetry.TelemetryLevel;
import java.util.List;
import java.util.Map;

/**
 * Writes events as OTLP/JSON: one {@code ResourceLogs} per run (the common properties as resource
 * attributes), each event a LogRecord with {@code eventName} and a {@code log.record.uid} attribute.
 * 64-bit integers are decimal strings, as the protobuf JSON mapping requires.
 */
public final class OtlpJson {
    public static final String SCOPE_NAME = "dev.candor.telemetry";

    private OtlpJson() {
    }

    /** One {@code ResourceLogs} object: the unit the spool stores and batches concatenate. */
    public static String resourceLogs(Map<String, Object> resource, List<RecordedEvent> events, String sdkVersion) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("resource").beginObject().name("attributes");
        attributes(w, resource);
        w.endObject();
        w.name("scopeLogs").beginArray().beginObject();
        w.name("scope").beginObject().field("name", SCOPE_NAME).field("version", sdkVersion).endObject();
        w.name("logRecords").beginArray();
        for (RecordedEvent e : events) {
            w.beginObject();
            w.field("timeUnixNano", Long.toString(e.epochNanos()));
            w.field("observedTimeUnixNano", Long.toString(e.epochNanos()));
            w.field("severityNumber", severity(e.level()));
            w.field("severityText", severityText(e.level()));
            w.field("eventName", e.name());
            w.name("attributes");
            w.beginArray();
            keyValue(w, AttributeNames.RECORD_UID, e.uid());
            for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
                keyValue(w, a.getKey(), a.getValue());
            }
            w.endArray();
            w.endObject();
        }
        w.endArray().endObject().endArray();
        w.endObject();
        return w.toString();
    }

    /** Joins stored {@code ResourceLogs} objects into one {@code ExportLogsServiceRequest}. */
    public static String request(List<String> resourceLogs) {
        int length = 64;
        for (String r : resourceLogs) {
            length += r.length();
        }
        StringBuilder sb = new StringBuilder(length);
        sb.append("{\"resourceLogs\":[");
        for (int i = 0; i < resourceLogs.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(resourceLogs.get(i));
        }
        return sb.append("]}").toString();
    }

    static void attributes(JsonWriter w, Map<String, Object> attributes) {
        w.beginArray();
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            keyValue(w, a.getKey(), a.getValue());
        }
        w.endArray();
    }

    private static void keyValue(JsonWriter w, String key, Object value) {
        w.beginObject().field("key", key).name("value");
        anyValue(w, value);
        w.endObject();
    }

    private static void anyValue(JsonWriter w, Object value) {
        w.beginObject();
        if (value instanceof Boolean) {
            w.field("boolValue", (Boolean) value);
        } else if (value instanceof Long || value instanceof Integer) {
            w.field("intValue", Long.toString(((Number) value).longValue()));
        } else if (value instanceof Double || value instanceof Float) {
            w.name("doubleValue").value(((Number) value).doubleValue());
        } else if (value instanceof List) {
            w.name("arrayValue").beginObject().name("values").beginArray();
            for (Object item : (List<?>) value) {
                anyValue(w, item);
            }
            w.endArray().endObject();
        } else {
            w.field("stringValue", String.valueOf(value));
        }
        w.endObject();
    }

    static int severity(TelemetryLevel level) {
        switch (level) {
            case CRASH: return 21;
            case ERROR: return 17;
            default: return 9;
        }
    }

    static String severityText(TelemetryLevel level) {
        switch (level) {
            case CRASH: return "FATAL";
            case ERROR: return "ERROR";
            default: return "INFO";
        }
    }
}
