package dev.candor.common;

import java.util.List;
import java.util.Map;

/**
 * OTLP/JSON logs as Candor writes them, on both sides: the SDK's spool and requests, the collector's
 * record of its own dashboard's usage, the load generator. One {@code ResourceLogs} per run or
 * session (the common properties as resource attributes), each event a {@code LogRecord} with
 * {@code eventName}; 64-bit integers are decimal strings, as the protobuf JSON mapping requires.
 */
public final class OtlpLogs {
    private OtlpLogs() {}

    /**
     * One log record. Attribute values are strings, booleans, whole numbers (written as {@code intValue}),
     * doubles, or lists of those; anything else is written as its string.
     */
    public record Record(
            long epochNanos,
            int severityNumber,
            String severityText,
            String eventName,
            Map<String, Object> attributes) {}

    /** One {@code ResourceLogs} object: the unit the spool stores and a request's batches concatenate. */
    public static String resourceLogs(
            Map<String, Object> resource, String scopeName, String scopeVersion, List<Record> records) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("resource").beginObject().name("attributes");
        attributes(w, resource);
        w.endObject();
        w.name("scopeLogs").beginArray().beginObject();
        w.name("scope")
                .beginObject()
                .field("name", scopeName)
                .field("version", scopeVersion)
                .endObject();
        w.name("logRecords").beginArray();
        for (Record r : records) {
            w.beginObject();
            w.field("timeUnixNano", Long.toString(r.epochNanos()));
            w.field("observedTimeUnixNano", Long.toString(r.epochNanos()));
            w.field("severityNumber", r.severityNumber());
            w.field("severityText", r.severityText());
            w.field("eventName", r.eventName());
            w.name("attributes");
            attributes(w, r.attributes());
            w.endObject();
        }
        w.endArray().endObject().endArray();
        w.endObject();
        return w.toString();
    }

    /** Joins {@code ResourceLogs} objects into one {@code ExportLogsServiceRequest}. */
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

    /** An OTLP attribute list: {@code [{"key":..., "value":{...}}, ...]}. */
    public static void attributes(JsonWriter w, Map<String, Object> attributes) {
        w.beginArray();
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            w.beginObject().field("key", a.getKey()).name("value");
            anyValue(w, a.getValue());
            w.endObject();
        }
        w.endArray();
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
}
