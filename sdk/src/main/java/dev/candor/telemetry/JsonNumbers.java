package dev.candor.telemetry;

/**
 * Reads the summary fields at the top of the collector's access document without a JSON parser (the
 * SDK has none): the collector writes them first, before any value taken from an event.
 */
final class JsonNumbers {
    private static final int HEAD = 512;

    private JsonNumbers() {}

    /** The non-negative integer of a top-level field written before the events, or -1. */
    static long field(String json, String name) {
        String head = json.length() > HEAD ? json.substring(0, HEAD) : json;
        int at = head.indexOf("\"" + name + "\":");
        if (at < 0) {
            return -1;
        }
        int i = at + name.length() + 3;
        long n = 0;
        int digits = 0;
        while (i < head.length() && Character.isDigit(head.charAt(i)) && digits < 18) {
            n = n * 10 + (head.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : n;
    }

    /** True when the document says it holds only part of the events. */
    static boolean truncated(String json) {
        String head = json.length() > HEAD ? json.substring(0, HEAD) : json;
        return head.contains("\"truncated\":true");
    }
}
