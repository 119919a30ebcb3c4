package dev.candor.collector.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tool allowed to send: its id ({@code service.name}), its public ingest key, and optionally the
 * catalog its events are checked against: a file path, or {@code classpath:<resource>} for a catalog
 * shipped inside the collector. Without a catalog any event and attribute is accepted (plain
 * OpenTelemetry apps), still scrubbed.
 */
public record ToolRegistration(String id, String key, Optional<String> catalog) {
    public static final String CLASSPATH = "classpath:";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e&&[^:,]]{8,200}");

    public ToolRegistration {
        if (!ID.matcher(id).matches()) {
            throw new ConfigException(
                    "tool id '" + printable(id) + "' must be 1-64 characters of a-z, 0-9, '.', '_', '-'");
        }
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException(
                    "ingest key of tool '" + id + "' must be 8-200 printable characters without spaces, ':' or ','");
        }
    }

    /** Parses {@code id:key[:catalog.json]}; a relative catalog path is taken from {@code base}. */
    static ToolRegistration parse(String spec, Path base) {
        String[] parts = spec.trim().split(":", 3);
        if (parts.length < 2) {
            throw new ConfigException("tool '" + printable(spec) + "' must be written id:key[:catalog.json]");
        }
        Optional<String> catalog = Optional.empty();
        if (parts.length == 3 && !parts[2].isBlank()) {
            String c = parts[2].trim();
            try {
                catalog = Optional.of(
                        c.startsWith(CLASSPATH)
                                ? c
                                : base.resolve(c).normalize().toString());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException("catalog of tool '" + printable(parts[0].trim()) + "': '" + printable(c)
                        + "' is not a valid path");
            }
        }
        return new ToolRegistration(parts[0].trim(), parts[1].trim(), catalog);
    }

    /** The default when no tool is configured: the sample tool, so that {@code bin/forge} works out of the box. */
    public static ToolRegistration forgeDemo() {
        return new ToolRegistration("forge", "forge-public-ingest-key", Optional.of(CLASSPATH + "catalogs/forge.json"));
    }

    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
