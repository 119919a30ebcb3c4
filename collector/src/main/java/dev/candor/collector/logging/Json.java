package dev.candor.collector.logging;

import java.util.Set;

/** The little JSON a log line needs: strings, escaped. */
final class Json {
    /** Keys of a JSON line that a message's own field cannot take. */
    static final Set<String> RESERVED = Set.of("time", "level", "logger", "thread", "message", "error");

    private Json() {}

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
