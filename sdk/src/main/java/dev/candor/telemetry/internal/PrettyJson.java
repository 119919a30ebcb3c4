package dev.candor.telemetry.internal;

/**
 * Indents JSON text for people to read (two spaces a level, one member or element a line). The text is
 * not parsed into values: strings are copied as they are, escapes included, so what was sent is what is
 * shown. Text that is not well-formed JSON comes out with its characters unchanged, only re-spaced.
 */
public final class PrettyJson {
    private PrettyJson() {}

    /** The text, indented. */
    public static String format(String json) {
        StringBuilder out = new StringBuilder(json.length() + json.length() / 4);
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < json.length()) {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    int close = nextNonSpace(json, i + 1);
                    if (close < json.length() && json.charAt(close) == (c == '{' ? '}' : ']')) {
                        out.append(c).append(json.charAt(close)); // {} and [] stay on one line
                        i = close;
                    } else {
                        out.append(c);
                        newline(out, ++depth);
                    }
                }
                case '}', ']' -> {
                    newline(out, depth = Math.max(0, depth - 1));
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newline(out, depth);
                }
                case ':' -> out.append(": ");
                case ' ', '\t', '\n', '\r' -> {}
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static int nextNonSpace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }
}
