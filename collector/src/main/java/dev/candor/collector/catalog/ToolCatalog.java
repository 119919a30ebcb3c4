package dev.candor.collector.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.json.Json;
import dev.candor.common.AttributeNames;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A tool's event catalog ({@code candor.catalog.v1}, as {@code <tool> --telemetry-catalog} prints
 * it): which events the tool may send and which attributes each may carry. Events outside it are
 * rejected, attributes outside it dropped, so a tool can never store more than it disclosed.
 */
public final class ToolCatalog {
    public static final String SCHEMA = "candor.catalog.v1";
    /** Always allowed: the deduplication id is part of the wire protocol, not of any event. */
    public static final String RECORD_UID = AttributeNames.RECORD_UID;

    private final String tool;
    private final Set<String> commonProperties;
    private final Map<String, Set<String>> eventProperties;
    /** Per event, the properties with a closed set of values, and the set. */
    private final Map<String, Map<String, Set<String>>> closedValues;

    private final JsonNode document;

    /** What a value outside a property's closed set is stored as (the SDK sends the same). */
    public static final String OTHER = "<other>";

    private ToolCatalog(
            String tool,
            Set<String> commonProperties,
            Map<String, Set<String>> eventProperties,
            Map<String, Map<String, Set<String>>> closedValues,
            JsonNode document) {
        this.tool = tool;
        this.commonProperties = Set.copyOf(commonProperties);
        this.eventProperties = Map.copyOf(eventProperties);
        this.closedValues = Map.copyOf(closedValues);
        this.document = document;
    }

    /** Parses a catalog; {@code source} names it in error messages. */
    public static ToolCatalog parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ConfigException("catalog " + source + " is not valid JSON");
        }
        if (root == null
                || !root.isObject()
                || !SCHEMA.equals(root.path("schema").asText())) {
            throw new ConfigException(
                    "catalog " + source + " is not a " + SCHEMA + " document (see `<tool> --telemetry-catalog`)");
        }
        Set<String> common = names(root.path("commonProperties"), source);
        Map<String, Set<String>> events = new HashMap<>();
        Map<String, Map<String, Set<String>>> closed = new HashMap<>();
        JsonNode list = root.path("events");
        if (!list.isArray()) {
            throw new ConfigException("catalog " + source + " has no events array");
        }
        for (JsonNode e : list) {
            String name = e.path("name").asText("");
            if (name.isEmpty()) {
                throw new ConfigException("catalog " + source + " has an event without a name");
            }
            Set<String> props = names(e.path("properties"), source);
            props.add(RECORD_UID);
            events.put(name, props);
            Map<String, Set<String>> sets = closedSets(e.path("properties"), source);
            if (!sets.isEmpty()) {
                closed.put(name, sets);
            }
        }
        return new ToolCatalog(root.path("tool").asText(""), common, events, closed, root);
    }

    /** Properties whose {@code values} list closes them to a set. */
    private static Map<String, Set<String>> closedSets(JsonNode properties, String source) {
        Map<String, Set<String>> out = new HashMap<>();
        if (!properties.isArray()) {
            return out;
        }
        for (JsonNode p : properties) {
            JsonNode values = p.path("values");
            if (values.isMissingNode()) {
                continue;
            }
            if (!values.isArray() || values.isEmpty()) {
                throw new ConfigException("catalog " + source + ": property "
                        + p.path("name").asText("") + " has a values entry that is not a list of strings");
            }
            Set<String> set = new HashSet<>();
            for (JsonNode v : values) {
                if (!v.isTextual()) {
                    throw new ConfigException("catalog " + source + ": property "
                            + p.path("name").asText("") + " lists a value that is not a string");
                }
                set.add(v.asText());
            }
            out.put(p.path("name").asText(""), Set.copyOf(set));
        }
        return out;
    }

    private static Set<String> names(JsonNode properties, String source) {
        Set<String> out = new HashSet<>();
        if (properties.isMissingNode()) {
            return out;
        }
        if (!properties.isArray()) {
            throw new ConfigException("catalog " + source + ": properties must be an array");
        }
        for (JsonNode p : properties) {
            String name = p.path("name").asText("");
            if (name.isEmpty()) {
                throw new ConfigException("catalog " + source + " has a property without a name");
            }
            out.add(name);
        }
        return out;
    }

    /** The tool id the catalog was printed for. */
    public String tool() {
        return tool;
    }

    public boolean hasEvent(String eventName) {
        return eventProperties.containsKey(eventName);
    }

    public boolean allowsAttribute(String eventName, String attribute) {
        Set<String> props = eventProperties.get(eventName);
        return props != null && props.contains(attribute);
    }

    /**
     * The value to keep for an attribute: itself, or {@value #OTHER} when the catalog closes the
     * attribute to a set of values that does not hold it (a client that is not ours, or an old one,
     * may send what the tool's own SDK would have replaced).
     */
    public Object closedValue(String eventName, String attribute, Object value) {
        Map<String, Set<String>> sets = closedValues.get(eventName);
        Set<String> set = sets == null ? null : sets.get(attribute);
        if (set == null) {
            return value;
        }
        return value instanceof String s && set.contains(s) ? value : OTHER;
    }

    public boolean allowsResourceAttribute(String attribute) {
        return commonProperties.contains(attribute);
    }

    /** How many events the catalog declares. */
    public int eventCount() {
        return eventProperties.size();
    }

    /** The whole document, for the dashboard's catalog page. */
    public JsonNode document() {
        return document;
    }
}
