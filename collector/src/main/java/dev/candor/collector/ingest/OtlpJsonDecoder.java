package dev.candor.collector.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP/JSON {@code ExportLogsServiceRequest} with a streaming parser: no tree is built, so
 * memory stays near the size of what is kept. Follows the OTLP JSON rules: lowerCamelCase names
 * (the proto names are accepted too, as protobuf's JSON mapping does), 64-bit integers as strings
 * or numbers, enums as numbers or names, unknown fields ignored. Trace context and the body are
 * skipped: Candor stores neither.
 */
public final class OtlpJsonDecoder {
    private static final int MAX_VALUE_DEPTH = 8;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final Limits limits;

    public OtlpJsonDecoder(Limits limits) {
        this.limits = limits;
    }

    public List<IncomingRecord> decode(byte[] body) throws BadRequestException {
        try (JsonParser p = FACTORY.createParser(body)) {
            List<IncomingRecord> out = new ArrayList<>();
            expect(p.nextToken(), JsonToken.START_OBJECT, "the body must be a JSON object (ExportLogsServiceRequest)");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = camel(p.currentName());
                p.nextToken();
                if (name.equals("resourceLogs")) {
                    arrayOf(p, "resourceLogs", () -> resourceLogs(p, out));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequestException("unexpected data after the JSON object");
            }
            return out;
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("JSON nested too deeply or a value too large");
        } catch (IOException e) {
            throw new BadRequestException("malformed JSON at " + location(e));
        }
    }

    private static String location(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return "line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr();
        }
        return "an unknown position";
    }

    private void resourceLogs(JsonParser p, List<IncomingRecord> out) throws IOException, BadRequestException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "each resourceLogs entry must be an object");
        Map<String, Object> resource = Map.of();
        List<Object[]> pending = new ArrayList<>(); // scopeLogs may come before resource
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            p.nextToken();
            if (name.equals("resource")) {
                resource = resource(p);
            } else if (name.equals("scopeLogs")) {
                arrayOf(p, "scopeLogs", () -> scopeLogs(p, pending, out));
            } else {
                p.skipChildren();
            }
        }
        Map<String, Object> shared = Collections.unmodifiableMap(resource);
        for (Object[] r : pending) {
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) r[4];
            out.add(new IncomingRecord(shared, (String) r[0], (Long) r[1], (Long) r[2], (Integer) r[3], attributes));
        }
    }

    private Map<String, Object> resource(JsonParser p) throws IOException, BadRequestException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(p.currentToken(), JsonToken.START_OBJECT, "resource must be an object");
        Map<String, Object> attributes = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            p.nextToken();
            if (name.equals("attributes")) {
                attributes(p, attributes, "resource");
            } else {
                p.skipChildren();
            }
        }
        return attributes;
    }

    private void scopeLogs(JsonParser p, List<Object[]> pending, List<IncomingRecord> out)
            throws IOException, BadRequestException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "each scopeLogs entry must be an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            p.nextToken();
            if (name.equals("logRecords")) {
                arrayOf(p, "logRecords", () -> {
                    if (pending.size() + out.size() >= limits.maxRecords()) {
                        throw new BadRequestException(
                                "more than " + limits.maxRecords() + " log records in one request");
                    }
                    pending.add(logRecord(p));
                });
            } else {
                p.skipChildren();
            }
        }
    }

    private Object[] logRecord(JsonParser p) throws IOException, BadRequestException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "each logRecords entry must be an object");
        String eventName = "";
        long time = 0;
        long observed = 0;
        int severity = 0;
        Map<String, Object> attributes = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            JsonToken t = p.nextToken();
            switch (name) {
                case "eventName" -> eventName = t == JsonToken.VALUE_NULL ? "" : string(p, "eventName");
                case "timeUnixNano" -> time = int64(p, "timeUnixNano");
                case "observedTimeUnixNano" -> observed = int64(p, "observedTimeUnixNano");
                case "severityNumber" -> severity = severity(p);
                case "attributes" -> attributes(p, attributes, "log record");
                default -> p.skipChildren();
            }
        }
        return new Object[] {eventName, time, observed, severity, attributes};
    }

    private void attributes(JsonParser p, Map<String, Object> into, String owner)
            throws IOException, BadRequestException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        arrayOf(p, "attributes", () -> {
            expect(p.currentToken(), JsonToken.START_OBJECT, "each attribute must be a {key, value} object");
            String key = null;
            Object value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = camel(p.currentName());
                p.nextToken();
                if (name.equals("key")) {
                    key = string(p, "attribute key");
                } else if (name.equals("value")) {
                    value = anyValue(p, 0);
                } else {
                    p.skipChildren();
                }
            }
            if (key == null || key.isEmpty()) {
                throw new BadRequestException("an attribute of a " + owner + " has no key");
            }
            if (into.size() >= limits.maxAttributes() && !into.containsKey(key)) {
                throw new BadRequestException(
                        "a " + owner + " has more than " + limits.maxAttributes() + " attributes");
            }
            if (value != null) {
                into.put(key, value);
            }
        });
    }

    /** An AnyValue; null when it is empty (OTLP allows a value with no field set). */
    private Object anyValue(JsonParser p, int depth) throws IOException, BadRequestException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (depth > MAX_VALUE_DEPTH) {
            throw new BadRequestException("attribute values nested deeper than " + MAX_VALUE_DEPTH + " levels");
        }
        expect(p.currentToken(), JsonToken.START_OBJECT, "an attribute value must be an AnyValue object");
        Object value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "stringValue", "bytesValue" -> value = string(p, name);
                case "boolValue" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw new BadRequestException("boolValue must be true or false");
                    }
                    value = p.getBooleanValue();
                }
                case "intValue" -> value = int64(p, "intValue");
                case "doubleValue" -> value = dbl(p);
                case "arrayValue" -> value = array(p, depth);
                case "kvlistValue" -> value = kvlist(p, depth);
                default -> p.skipChildren();
            }
        }
        return value;
    }

    private List<Object> array(JsonParser p, int depth) throws IOException, BadRequestException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "arrayValue must be an object with values");
        List<Object> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            p.nextToken();
            if (name.equals("values")) {
                arrayOf(p, "arrayValue.values", () -> {
                    if (values.size() >= limits.maxAttributes()) {
                        throw new BadRequestException(
                                "an array value has more than " + limits.maxAttributes() + " elements");
                    }
                    Object v = anyValue(p, depth + 1);
                    if (v != null) {
                        values.add(v);
                    }
                });
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    private Map<String, Object> kvlist(JsonParser p, int depth) throws IOException, BadRequestException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "kvlistValue must be an object with values");
        Map<String, Object> values = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = camel(p.currentName());
            p.nextToken();
            if (name.equals("values")) {
                arrayOf(p, "kvlistValue.values", () -> {
                    expect(
                            p.currentToken(),
                            JsonToken.START_OBJECT,
                            "each kvlistValue entry must be a {key, value} object");
                    String key = null;
                    Object v = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String n = camel(p.currentName());
                        p.nextToken();
                        if (n.equals("key")) {
                            key = string(p, "key");
                        } else if (n.equals("value")) {
                            v = anyValue(p, depth + 1);
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (key != null && v != null) {
                        if (values.size() >= limits.maxAttributes()) {
                            throw new BadRequestException(
                                    "a kvlist value has more than " + limits.maxAttributes() + " entries");
                        }
                        values.put(key, v);
                    }
                });
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    private interface Element {
        void read() throws IOException, BadRequestException;
    }

    private static void arrayOf(JsonParser p, String field, Element element) throws IOException, BadRequestException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p.currentToken(), JsonToken.START_ARRAY, field + " must be an array");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
                throw new BadRequestException("the JSON ends inside " + field);
            }
            element.read();
        }
    }

    private String string(JsonParser p, String field) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BadRequestException(field + " must be a string");
        }
        return p.getText();
    }

    private static long int64(JsonParser p, String field) throws IOException, BadRequestException {
        JsonToken t = p.currentToken();
        try {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return p.getLongValue();
            }
            if (t == JsonToken.VALUE_STRING) {
                String s = p.getText();
                if (s.length() <= 20) {
                    // fixed64 timestamps above Long.MAX_VALUE are nonsense for events; parse as unsigned to reject them
                    // below
                    return Long.parseLong(s.trim());
                }
            }
        } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
            // fall through to the message
        }
        throw new BadRequestException(field + " must be a 64-bit integer (a decimal string or a number)");
    }

    private static double dbl(JsonParser p) throws IOException, BadRequestException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            switch (p.getText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new BadRequestException("doubleValue must be a number");
    }

    private static int severity(JsonParser p) throws IOException, BadRequestException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            int n = p.getIntValue();
            if (n >= 0 && n <= 24) {
                return n;
            }
        } else if (t == JsonToken.VALUE_STRING) {
            Integer n = SeverityNames.number(p.getText());
            if (n != null) {
                return n;
            }
        }
        throw new BadRequestException("severityNumber must be 0-24 or a SEVERITY_NUMBER_* name");
    }

    private static void expect(JsonToken actual, JsonToken expected, String message) throws BadRequestException {
        if (actual != expected) {
            throw new BadRequestException(message);
        }
    }

    /** {@code resource_logs} → {@code resourceLogs}: protobuf's JSON mapping accepts both. */
    static String camel(String name) {
        if (name.indexOf('_') < 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    /** The caps applied while decoding, so a hostile body cannot make us allocate without bound. */
    public record Limits(int maxRecords, int maxAttributes) {}
}
