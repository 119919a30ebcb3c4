package dev.candor.collector.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * How every Candor process logs (collector, loader, operator commands, and the libraries they use
 * through SLF4J): one line per event on stderr, times in UTC with the zone ({@code
 * 2026-12-03T07:40:54.320Z}), {@code key=value} values quoted when they hold spaces or quotes, control characters
 * escaped so no value can forge a line; or one JSON object per line ({@code log-format = json}).
 *
 * <p>Levels come from {@code candor-logging.properties} on the class path and from system properties,
 * both as {@code <logger prefix>.LEVEL=WARN}; the longest prefix wins, INFO by default.
 */
public final class CandorLogging {
    /** The line formats. */
    public enum Format {
        TEXT,
        JSON
    }

    private static volatile Format format = initialFormat();
    private static volatile PrintStream out = System.err;
    private static final Map<String, Level> LEVELS = levels();

    private CandorLogging() {}

    private static Format initialFormat() {
        String v = System.getProperty("candor.log.format", System.getenv("CANDOR_LOG_FORMAT"));
        return "json".equalsIgnoreCase(v == null ? "" : v.trim()) ? Format.JSON : Format.TEXT;
    }

    /** Switches the format (a configuration's {@code log-format}, read after logging started). */
    public static void format(Format f) {
        format = f;
    }

    /** The format in use. */
    public static Format format() {
        return format;
    }

    /** Where lines go; stderr unless a test says otherwise. */
    static void output(PrintStream stream) {
        out = stream;
    }

    private static Map<String, Level> levels() {
        Properties p = new Properties();
        try (InputStream in = CandorLogging.class.getResourceAsStream("/candor-logging.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // no file: the defaults and the system properties
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.endsWith(".LEVEL")) {
                p.setProperty(name, System.getProperty(name));
            }
        }
        Map<String, Level> levels = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.endsWith(".LEVEL")) {
                String value = p.getProperty(name).trim().toUpperCase(Locale.ROOT);
                try {
                    levels.put(
                            name.substring(0, name.length() - ".LEVEL".length()),
                            Level.valueOf(value.equals("WARNING") ? "WARN" : value));
                } catch (IllegalArgumentException e) {
                    System.err.println("candor: logging: " + name + "=" + value
                            + " is not TRACE, DEBUG, INFO, WARN or ERROR; ignored");
                }
            }
        }
        return levels;
    }

    /** The level of a logger: its longest configured prefix's, else INFO. */
    static Level levelOf(String logger) {
        String best = null;
        for (String prefix : LEVELS.keySet()) {
            boolean matches = logger.equals(prefix) || logger.startsWith(prefix + ".") || prefix.equals("ROOT");
            if (matches && (best == null || best.equals("ROOT") || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? Level.INFO : LEVELS.get(best);
    }

    /** Writes one event: the SLF4J template with its arguments, and the throwable's class and message. */
    static void write(String logger, Level level, String template, Object[] args, Throwable thrown) {
        Instant now = Instant.now();
        StringBuilder message = new StringBuilder();
        List<String[]> fields = new ArrayList<>();
        render(template == null ? "" : template, args == null ? new Object[0] : args, message, fields);
        String error = thrown == null ? null : causes(thrown);
        StringBuilder line = new StringBuilder(160);
        if (format == Format.JSON) {
            line.append("{\"time\":");
            Json.string(line, now.toString());
            line.append(",\"level\":");
            Json.string(line, level.name());
            line.append(",\"logger\":");
            Json.string(line, logger);
            line.append(",\"thread\":");
            Json.string(line, Thread.currentThread().getName());
            line.append(",\"message\":");
            Json.string(line, message.toString());
            for (String[] f : fields) {
                if (!Json.RESERVED.contains(f[0])) {
                    line.append(',');
                    Json.string(line, f[0]);
                    line.append(':');
                    Json.string(line, f[1]);
                }
            }
            if (error != null) {
                line.append(",\"error\":");
                Json.string(line, error);
            }
            line.append('}');
        } else {
            line.append(now)
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%-5s", level.name()))
                    .append(' ');
            line.append(logger.substring(logger.lastIndexOf('.') + 1))
                    .append(": ")
                    .append(quotedMessage(template, args));
            if (error != null) {
                line.append(" error=").append(quoted(error));
            }
        }
        PrintStream o = out;
        synchronized (o) {
            o.println(line); // never a stack trace: an operator's terminal and log get one line per event
            o.flush();
        }
    }

    /** The throwable and its causes, each as class and first line of message, on one line. */
    private static String causes(Throwable thrown) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
            b.append(depth == 0 ? "" : " <- ").append(t.getClass().getName()).append(firstLine(t.getMessage()));
        }
        return b.toString();
    }

    private static String firstLine(String m) {
        if (m == null || m.isEmpty()) {
            return "";
        }
        int nl = m.indexOf('\n');
        return ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    /** The message with plain values, and {@code key=}{@code {}} pairs as fields (for JSON). */
    private static void render(String template, Object[] args, StringBuilder message, List<String[]> fields) {
        int arg = 0;
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("{}", i) && arg < args.length) {
                String value = String.valueOf(args[arg++]);
                String key = keyBefore(template, i);
                if (key != null) {
                    fields.add(new String[] {key, value});
                }
                message.append(value);
                i += 2;
            } else {
                message.append(template.charAt(i++));
            }
        }
    }

    /**
     * The message for a text line: a {@code key=}{@code {}} value quoted when it needs it (so a field is
     * one token), other values as they are; control characters escaped everywhere.
     */
    private static String quotedMessage(String template, Object[] args) {
        StringBuilder b = new StringBuilder();
        int arg = 0;
        String t = template == null ? "" : template;
        Object[] a = args == null ? new Object[0] : args;
        for (int i = 0; i < t.length(); ) {
            if (t.startsWith("{}", i) && arg < a.length) {
                String value = String.valueOf(a[arg++]);
                if (keyBefore(t, i) != null) {
                    b.append(quoted(value)); // a key=value field: one token, whatever it holds
                } else {
                    for (int k = 0; k < value.length(); k++) {
                        escape(b, value.charAt(k));
                    }
                }
                i += 2;
            } else {
                escape(b, t.charAt(i++));
            }
        }
        return b.toString();
    }

    private static String keyBefore(String template, int at) {
        if (at == 0 || template.charAt(at - 1) != '=') {
            return null;
        }
        int start = at - 1;
        while (start > 0
                && (Character.isLetterOrDigit(template.charAt(start - 1)) || template.charAt(start - 1) == '_')) {
            start--;
        }
        return start == at - 1 ? null : template.substring(start, at - 1);
    }

    /** A value as a text line shows it: bare when it is one plain word, else in double quotes. */
    static String quoted(String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                escape(b, c);
            }
        }
        return b.append('"').toString();
    }

    private static void escape(StringBuilder b, char c) {
        if (c == '\n') {
            b.append("\\n");
        } else if (c == '\r') {
            b.append("\\r");
        } else if (c == '\t') {
            b.append("\\t");
        } else if (c < ' ' || c == 0x7f) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
            b.append(c);
        }
    }
}
