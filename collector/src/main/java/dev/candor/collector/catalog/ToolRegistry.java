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

/**
 * The tools allowed to send, found by ingest key. Keys are compared in constant time. {@link #reload}
 * replaces the whole set at once (a request sees the old set or the new one, never a mix); a set that
 * does not load leaves the old one in place.
 */
public final class ToolRegistry {
    private volatile Snapshot current;

    /** A registered tool and its catalog (null: accept any event). */
    public record Tool(String id, byte[] key, ToolCatalog catalog) {}

    private record Snapshot(List<Tool> tools, Map<String, Tool> byId) {
        static Snapshot of(List<Tool> tools) {
            Map<String, Tool> ids = new LinkedHashMap<>();
            for (Tool t : tools) {
                ids.put(t.id(), t);
            }
            return new Snapshot(List.copyOf(tools), ids);
        }
    }

    private ToolRegistry(List<Tool> tools) {
        this.current = Snapshot.of(tools);
    }

    /** Loads every registration's catalog; a missing or broken catalog is a {@link ConfigException}. */
    public static ToolRegistry load(List<ToolRegistration> registrations) {
        return new ToolRegistry(read(registrations));
    }

    /**
     * Reads the registrations again (the catalog files as they are now) and, when all of them load,
     * replaces the tools in use; otherwise throws and keeps the tools in use.
     *
     * @return what changed, in words ({@code forge: catalog 12 -> 13 events}), empty when nothing did
     * @throws ConfigException naming the registration that did not load
     */
    public List<String> reload(List<ToolRegistration> registrations) {
        List<Tool> fresh = read(registrations);
        Snapshot before = current;
        List<String> changes = new ArrayList<>();
        for (Tool t : fresh) {
            Tool old = before.byId().get(t.id());
            if (old == null) {
                changes.add(t.id() + ": registered");
            } else if (!MessageDigest.isEqual(old.key(), t.key())) {
                changes.add(t.id() + ": new ingest key");
            }
            if (old != null && !java.util.Objects.equals(describe(old.catalog()), describe(t.catalog()))) {
                changes.add(t.id() + ": catalog " + describe(old.catalog()) + " -> " + describe(t.catalog()));
            }
        }
        for (Tool old : before.tools()) {
            if (fresh.stream().noneMatch(t -> t.id().equals(old.id()))) {
                changes.add(old.id() + ": removed");
            }
        }
        current = Snapshot.of(fresh);
        return changes;
    }

    private static String describe(ToolCatalog c) {
        return c == null
                ? "none (any event)"
                : c.eventCount() + " events, "
                        + Integer.toHexString(c.document().hashCode());
    }

    private static List<Tool> read(List<ToolRegistration> registrations) {
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
        return tools;
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
        for (Tool t : current.tools()) {
            if (MessageDigest.isEqual(t.key(), given)) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The tool of that id, or empty. */
    public Optional<Tool> byId(String id) {
        return Optional.ofNullable(current.byId().get(id));
    }

    /** Every registered tool, as now loaded. */
    public List<Tool> tools() {
        return current.tools();
    }
}
