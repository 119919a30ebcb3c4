package dev.candor.telemetry.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads OTLP/JSON request bodies as the SDK writes them, without a JSON library. */
public final class Wire {
    private static final String EVENT = "\"eventName\":\"";

    private Wire() {}

    /** The log records of a body, each from its event name to the next record. */
    public static List<String> records(String body) {
        List<String> out = new ArrayList<>();
        int at = body.indexOf(EVENT);
        while (at >= 0) {
            int next = body.indexOf(EVENT, at + 1);
            out.add(body.substring(at, next < 0 ? body.length() : next));
            at = next;
        }
        return out;
    }

    public static List<String> eventNames(String body) {
        List<String> out = new ArrayList<>();
        for (String r : records(body)) {
            out.add(r.substring(EVENT.length(), r.indexOf('"', EVENT.length())));
        }
        return out;
    }

    /** The first record of the named event; fails when there is none. */
    public static String record(String body, String eventName) {
        for (String r : records(body)) {
            if (r.startsWith(EVENT + eventName + "\"")) {
                return r;
            }
        }
        throw new AssertionError("no " + eventName + " record in " + body);
    }

    public static Optional<String> string(String json, String key) {
        Matcher m = value(key, "stringValue\":\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(json);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Optional<Long> integer(String json, String key) {
        Matcher m = value(key, "intValue\":\"(-?\\d+)\"").matcher(json);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    public static List<String> strings(String json, String key) {
        Matcher m = value(key, "arrayValue\":\\{\"values\":\\[([^\\]]*)\\]").matcher(json);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            Matcher item = Pattern.compile("\"stringValue\":\"((?:[^\"\\\\]++|\\\\.)*+)\"")
                    .matcher(m.group(1));
            while (item.find()) {
                out.add(item.group(1));
            }
        }
        return out;
    }

    public static boolean has(String json, String key) {
        return json.contains("\"key\":\"" + key + "\"");
    }

    private static Pattern value(String key, String valuePattern) {
        return Pattern.compile("\"key\":\"" + Pattern.quote(key) + "\",\"value\":\\{\"" + valuePattern);
    }
}
