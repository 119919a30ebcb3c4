package dev.candor.telemetry.internal;

import dev.candor.common.JsonWriter;
import java.util.List;
import java.util.Map;

/** Plain JSON of one event (not OTLP's nested form), for the debug sink and local documents. */
public final class EventJson {
    private EventJson() {}

    public static void write(JsonWriter w, RecordedEvent e, Map<String, Object> resource) {
        w.beginObject();
        w.field("event", e.name());
        w.field("level", e.level().id());
        w.field("time", java.time.Instant.ofEpochSecond(0, e.epochNanos()).toString());
        w.field("uid", e.uid());
        w.name("resource");
        map(w, resource);
        w.name("attributes");
        map(w, e.attributes());
        w.endObject();
    }

    public static String of(RecordedEvent e, Map<String, Object> resource) {
        JsonWriter w = new JsonWriter();
        write(w, e, resource);
        return w.toString();
    }

    static void map(JsonWriter w, Map<String, Object> values) {
        w.beginObject();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            w.name(e.getKey());
            value(w, e.getValue());
        }
        w.endObject();
    }

    private static void value(JsonWriter w, Object v) {
        if (v instanceof Boolean) {
            w.value((Boolean) v);
        } else if (v instanceof Long || v instanceof Integer) {
            w.value(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            w.value(((Number) v).doubleValue());
        } else if (v instanceof List) {
            w.beginArray();
            for (Object item : (List<?>) v) {
                value(w, item);
            }
            w.endArray();
        } else {
            w.value(String.valueOf(v));
        }
    }
}
