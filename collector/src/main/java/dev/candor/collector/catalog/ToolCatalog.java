package dev.candor.collector.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.config.ConfigException;
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
    public static final String RECORD_UID = "log.record.uid";

    private final String tool;
    private final Set<String> commonProperties;
    private final Map<String, Set<String>> eventProperties;
    private final JsonNode document;

    private ToolCatalog(String tool, Set<String> commonProperties, Map<String, Set<String>> eventProperties,
            JsonNode document) {
        this.tool = tool;
        this.commonProperties = Set.copyOf(commonProperties);
        this.eventProperties = Map.copyOf(eventProperties);
        this.document = document;
    }

    /** Parses a catalog; {@code source} names it in error messages. */
    public static ToolCatalog parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new ConfigException("catalog " + source + " is not valid JSON");
        }
        if (root == null || !root.isObject() || !SCHEMA.equals(root.path("schema").asText())) {
            throw new ConfigException("catalog " + source + " is not a " + SCHEMA + " document (see `<tool> --telemetry-catalog`)");
        }
        Set<String> common = names(root.path("commonProperties"), source);
        Map<String, Set<String>> events = new HashMap<>();
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
        }
        return new ToolCatalog(root.path("tool").asText(""), common, events, root);
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

    public boolean allowsResourceAttribute(String attribute) {
        return commonProperties.contains(attribute);
    }

    /** The whole document, for the dashboard's catalog page. */
    public JsonNode document() {
        return document;
    }
}
