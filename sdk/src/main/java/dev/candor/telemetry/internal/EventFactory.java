package dev.candor.telemetry.internal;

import static dev.candor.common.AttributeNames.*;

import dev.candor.common.Scrubber;
import dev.candor.common.StackTraces;
import dev.candor.telemetry.CommandEvent;
import dev.candor.telemetry.EventCatalog;
import dev.candor.telemetry.EventDefinition;
import dev.candor.telemetry.PropertyDefinition;
import dev.candor.telemetry.PropertyType;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the tool reports into events that may be written: checked against the catalog (an
 * undeclared event or property is dropped, never sent), every string scrubbed, hashed properties
 * hashed. Every path to the spool, the debug output and local documents goes through here.
 */
public final class EventFactory {
    private static final int MAX_OPTIONS = 64;
    private static final int MAX_VALUE_LENGTH = 100;

    private final EventCatalog catalog;
    private final Scrubber scrubber;
    private final Hasher hasher;
    private final Path workingDirectory;

    public EventFactory(EventCatalog catalog, Scrubber scrubber, Hasher hasher, Path workingDirectory) {
        this.catalog = catalog;
        this.scrubber = scrubber;
        this.hasher = hasher;
        this.workingDirectory = workingDirectory;
    }

    public RecordedEvent command(CommandEvent command, Instant at) {
        String path = scrubber.scrub(command.path(), 200);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(COMMAND_PATH, path);
        Set<String> names = new LinkedHashSet<>();
        for (CommandEvent.Option option : command.options()) {
            if (names.size() >= MAX_OPTIONS) {
                break;
            }
            names.add(scrubber.scrub(option.name(), MAX_VALUE_LENGTH));
            String key = EventCatalog.optionKey(option.name());
            if (option.value() == null) {
                continue;
            }
            if (catalog.sendsValueOf(command.path(), option.name())) {
                // Only a declared category leaves as typed; anything else is <other>, scrubbed or not.
                attrs.put(OPTION_VALUE_PREFIX + key, catalog.sentValueOf(option.name(), option.value()));
            }
            if (catalog.hashesFileOf(command.path(), option.name())) {
                Optional<String[]> facts = fileFacts(option.value());
                if (facts.isPresent()) {
                    attrs.put(FILE_PREFIX + key + FILE_HASH_SUFFIX, facts.get()[0]);
                    attrs.put(FILE_PREFIX + key + FILE_SIZE_SUFFIX, facts.get()[1]);
                }
            }
        }
        attrs.put(COMMAND_OPTIONS, new ArrayList<>(names));
        if (command.exitCode().isPresent()) {
            attrs.put(EXIT_CODE, (long) command.exitCode().getAsInt());
        }
        attrs.put(DURATION_MS, Math.max(0, command.duration().toMillis()));
        return newEvent(EventCatalog.COMMAND_EVENT, attrs, at);
    }

    public RecordedEvent exception(String eventName, Throwable error, String commandPath, Instant at) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (commandPath != null) {
            attrs.put(COMMAND_PATH, scrubber.scrub(commandPath, 200));
        }
        attrs.put(EXCEPTION_TYPE, scrubber.scrub(error.getClass().getName(), 300));
        attrs.put(EXCEPTION_STACKTRACE, StackTraces.format(error, scrubber));
        return newEvent(eventName, attrs, at);
    }

    /** A tool-defined event; empty (and logged at FINE) when the event is not in the catalog. */
    public Optional<RecordedEvent> custom(String name, Map<String, Object> raw, Instant at) {
        Optional<EventDefinition> def = catalog.event(name);
        if (def.isEmpty()) {
            Log.fine("dropped an undeclared telemetry event");
            return Optional.empty();
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            PropertyDefinition p = def.get().properties().get(e.getKey());
            if (p == null || e.getValue() == null || !accepts(p.type(), e.getValue())) {
                Log.fine("dropped an undeclared or mistyped property of " + name);
                continue;
            }
            attrs.put(p.name(), clean(p, e.getValue()));
        }
        return Optional.of(newEvent(name, attrs, at));
    }

    private Object clean(PropertyDefinition p, Object value) {
        switch (p.type()) {
            case STRING:
                if (p.isHashed()) {
                    return hasher.hash((String) value);
                }
                if (!p.allowedValues().isEmpty()) { // a closed set: anything else was typed freely
                    return p.allowedValues().contains(value) ? value : PropertyDefinition.OTHER;
                }
                return scrubber.scrub((String) value);
            case STRING_ARRAY:
                List<String> out = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    if (out.size() >= MAX_OPTIONS) {
                        break;
                    }
                    out.add(scrubber.scrub((String) item, MAX_VALUE_LENGTH));
                }
                return out;
            case LONG:
                return ((Number) value).longValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            default:
                return value;
        }
    }

    /** Whether {@code value} is of the Java type a property of {@code type} takes. */
    public static boolean accepts(PropertyType type, Object value) {
        switch (type) {
            case STRING:
                return value instanceof String;
            case BOOLEAN:
                return value instanceof Boolean;
            case LONG:
                return value instanceof Long || value instanceof Integer || value instanceof Short;
            case DOUBLE:
                return (value instanceof Double || value instanceof Float)
                        && Double.isFinite(((Number) value).doubleValue());
            default:
                if (!(value instanceof List)) {
                    return false;
                }
                for (Object item : (List<?>) value) {
                    if (!(item instanceof String)) {
                        return false;
                    }
                }
                return true;
        }
    }

    /** {hash of the file's name, size bucket}; only the name is hashed, so moving a file keeps its hash. */
    private Optional<String[]> fileFacts(String value) {
        try {
            Path p = workingDirectory.resolve(value);
            Path name = p.getFileName();
            if (name == null) {
                return Optional.empty();
            }
            String bucket = Files.isRegularFile(p) ? SizeBuckets.of(Files.size(p)) : "missing";
            return Optional.of(new String[] {hasher.hash(name.toString()), bucket});
        } catch (InvalidPathException | java.io.IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private RecordedEvent newEvent(String name, Map<String, Object> attrs, Instant now) {
        EventDefinition def = catalog.event(name).orElseThrow();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return new RecordedEvent(name, def.level(), nanos, RecordedEvent.newUuid(), attrs);
    }
}
