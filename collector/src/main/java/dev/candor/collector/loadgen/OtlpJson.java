package dev.candor.collector.loadgen;

/**
 * Appends OTLP/JSON key-values the way the SDK writes them (64-bit integers as decimal strings).
 * Values must already be JSON-safe: every value the generator writes is either its own constant or
 * made of hex digits, letters, digits and punctuation without quotes or backslashes.
 */
final class OtlpJson {
    private OtlpJson() {}

    static void string(StringBuilder b, String key, String value) {
        open(b, key).append("{\"stringValue\":\"").append(value).append("\"}}");
    }

    static void integer(StringBuilder b, String key, long value) {
        open(b, key).append("{\"intValue\":\"").append(value).append("\"}}");
    }

    static void bool(StringBuilder b, String key, boolean value) {
        open(b, key).append("{\"boolValue\":").append(value).append("}}");
    }

    static void strings(StringBuilder b, String key, String[] values, int count) {
        open(b, key).append("{\"arrayValue\":{\"values\":[");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "{\"stringValue\":\"" : ",{\"stringValue\":\"")
                    .append(values[i])
                    .append("\"}");
        }
        b.append("]}}}");
    }

    /** Starts a key-value, with the comma that separates it from the previous one in the same array. */
    private static StringBuilder open(StringBuilder b, String key) {
        if (b.charAt(b.length() - 1) != '[') {
            b.append(',');
        }
        return b.append("{\"key\":\"").append(key).append("\",\"value\":");
    }
}
