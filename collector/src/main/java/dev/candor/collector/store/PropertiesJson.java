package dev.candor.collector.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A row's whole {@code properties} from its two parts ({@link StoredEvent#runProperties} and
 * {@link StoredEvent#eventProperties}): one JSON object sorted by key, the event's attribute winning over
 * the run's of the same name, written as the enricher writes it.
 */
public final class PropertiesJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PropertiesJson() {}

    /** Both parts are JSON objects as the enricher wrote them; anything else is a damaged row. */
    public static String merge(String run, String event) {
        Map<String, JsonNode> all = new TreeMap<>();
        try {
            put(JSON.readTree(run), all);
            put(JSON.readTree(event), all);
            StringWriter out = new StringWriter(run.length() + event.length());
            try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : all.entrySet()) {
                    g.writeFieldName(e.getKey());
                    g.writeTree(e.getValue());
                }
                g.writeEndObject();
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("a row's properties are not JSON objects", e);
        }
    }

    private static void put(JsonNode object, Map<String, JsonNode> into) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("a row's properties must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            into.put(e.getKey(), e.getValue());
        }
    }
}
