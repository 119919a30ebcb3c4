package dev.candor.collector.catalog;

import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.ToolRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools allowed to send, found by ingest key. Keys are compared in constant time. */
public final class ToolRegistry {
    private final List<Tool> tools;
    private final Map<String, Tool> byId;

    /** A registered tool and its catalog (null: accept any event). */
    public record Tool(String id, byte[] key, ToolCatalog catalog) {}

    private ToolRegistry(List<Tool> tools) {
        this.tools = List.copyOf(tools);
        Map<String, Tool> ids = new LinkedHashMap<>();
        for (Tool t : tools) {
            ids.put(t.id(), t);
        }
        this.byId = ids;
    }

    /** Loads every registration's catalog; a missing or broken catalog is a {@link ConfigException}. */
    public static ToolRegistry load(List<ToolRegistration> registrations) {
        List<Tool> tools = new ArrayList<>();
        for (ToolRegistration r : registrations) {
            ToolCatalog catalog =
                    r.catalog().map(c -> ToolCatalog.parse(read(c), c)).orElse(null);
            if (catalog != null && !catalog.tool().isEmpty() && !catalog.tool().equals(r.id())) {
                throw new ConfigException("tool '" + r.id() + "': catalog "
                        + r.catalog().get() + " was written for tool '" + catalog.tool() + "'");
            }
            tools.add(new Tool(r.id(), r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), catalog));
        }
        return new ToolRegistry(tools);
    }

    private static byte[] read(String location) {
        try {
            if (location.startsWith(ToolRegistration.CLASSPATH)) {
                String resource = "/" + location.substring(ToolRegistration.CLASSPATH.length());
                try (InputStream in = ToolRegistry.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new ConfigException("catalog " + location + " is not inside the collector");
                    }
                    return in.readAllBytes();
                }
            }
            Path p = Path.of(location);
            if (Files.size(p) > 8 << 20) {
                throw new ConfigException("catalog " + location + " is larger than 8 MiB");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read catalog " + location + ": " + e.getClass().getSimpleName());
        }
    }

    /** The tool whose key this is, or empty. Every key is compared, so timing tells nothing. */
    public Optional<Tool> byKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 512) {
            return Optional.empty();
        }
        byte[] given = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Tool found = null;
        for (Tool t : tools) {
            if (MessageDigest.isEqual(t.key(), given)) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<Tool> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Tool> tools() {
        return tools;
    }
}
