package dev.candor.collector.enrich;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.candor.collector.store.NameUuid;
import dev.candor.collector.store.StoredEvent;
import dev.candor.common.AttributeNames;
import dev.candor.common.Scrubber;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a checked record into a row: maps the well-known attributes to columns, hashes the machine
 * id with the server key, and runs the SDK's scrubber again on every string, keys included
 * (defence in depth: a client may be old, buggy or not Candor at all). Nothing else may decide
 * what is safe to store.
 */
public final class EventEnricher {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long MAX_CLOCK_AHEAD_MICROS = 24L * 3600 * 1_000_000;
    private static final long EARLIEST_MICROS = 946_684_800_000_000L; // 2000-01-01

    /** Attributes that become columns, so they are not repeated in {@code properties}. */
    private static final java.util.Set<String> COLUMNS = java.util.Set.of(
            AttributeNames.SERVICE_NAME,
            AttributeNames.SERVICE_VERSION,
            AttributeNames.SESSION_ID,
            AttributeNames.OS_TYPE,
            AttributeNames.OS_VERSION,
            AttributeNames.RUNTIME_ID,
            AttributeNames.MACHINE_ID,
            AttributeNames.OWNER_KEY, // folded into the machine hash, never stored
            AttributeNames.RECORD_UID,
            AttributeNames.COMMAND_PATH,
            AttributeNames.EXIT_CODE,
            AttributeNames.DURATION_MS);

    private final Scrubber scrubber = Scrubber.standard();
    private final MachineIdHasher machineIds;
    private final int maxStringLength;

    public EventEnricher(MachineIdHasher machineIds, int maxStringLength) {
        this.machineIds = machineIds;
        this.maxStringLength = maxStringLength;
    }

    /**
     * What one run's resource contributes to each of its events, worked out once per ResourceLogs:
     * the machine id hash, the column values and the remaining attributes, all scrubbed.
     */
    public final class Resource {
        private final Map<String, Object> raw;
        private final String tool;
        private final String machineId;
        private final String toolVersion;
        private final String sessionId;
        private final String osFamily;
        private final String osVersion;
        private final String runtimeId;
        private final Map<String, Object> rest = new TreeMap<>();
        /** {@code rest} as JSON: the run's part of each of its events' properties, one string for all. */
        private final String restJson;

        private Resource(String tool, Map<String, Object> resource, boolean declaredKeys) {
            this.raw = resource;
            this.tool = tool;
            String rawMachine = text(resource.get(AttributeNames.MACHINE_ID));
            this.machineId = rawMachine == null
                    ? null
                    : machineIds.hash(tool, rawMachine, text(resource.get(AttributeNames.OWNER_KEY)));
            this.toolVersion = orUnknown(scrub(text(resource.get(AttributeNames.SERVICE_VERSION)), 64));
            this.sessionId = scrub(text(resource.get(AttributeNames.SESSION_ID)), 64);
            this.osFamily = osFamily(text(resource.get(AttributeNames.OS_TYPE)));
            this.osVersion = orUnknown(scrub(text(resource.get(AttributeNames.OS_VERSION)), 64));
            this.runtimeId = orUnknown(scrub(text(resource.get(AttributeNames.RUNTIME_ID)), 64));
            copyRest(resource, rest, declaredKeys);
            this.restJson = json(rest);
        }
    }

    /**
     * Prepares a resource. {@code declaredKeys}: every key was checked against the tool's catalog, so
     * keys are the author's declared names and need no scrubbing (values always do).
     */
    public Resource resource(String tool, Map<String, Object> resource, boolean declaredKeys) {
        return new Resource(tool, resource, declaredKeys);
    }

    /**
     * Builds the row. {@code attributes} hold only what the catalog allows; {@code geography} is the
     * country of the client network, already looked up.
     */
    public StoredEvent enrich(
            Resource resource,
            String eventName,
            long timeUnixNano,
            Map<String, Object> attributes,
            boolean declaredKeys,
            String geography,
            long receivedAtMicros) {
        long eventTime = timeUnixNano / 1000;
        if (eventTime < EARLIEST_MICROS || eventTime > receivedAtMicros + MAX_CLOCK_AHEAD_MICROS) {
            eventTime = receivedAtMicros; // a clock this far off says nothing about when it happened
        }
        Map<String, Object> own = new TreeMap<>();
        copyRest(attributes, own, declaredKeys);
        Map<String, Object> rest = new TreeMap<>(resource.rest);
        rest.putAll(own); // the event's attribute wins over the run's of the same name
        return new StoredEvent(
                eventId(resource.tool, eventName, timeUnixNano, attributes, resource.raw),
                resource.tool,
                resource.toolVersion,
                scrub(eventName, 200),
                eventTime,
                receivedAtMicros,
                resource.machineId,
                resource.sessionId,
                resource.osFamily,
                resource.osVersion,
                resource.runtimeId,
                geography,
                scrub(text(attributes.get(AttributeNames.COMMAND_PATH)), 200),
                intOrNull(attributes.get(AttributeNames.EXIT_CODE)),
                longOrNull(attributes.get(AttributeNames.DURATION_MS)),
                json(rest),
                resource.restJson,
                json(own));
    }

    /** One call for one event, for tests and callers without a batch. */
    public StoredEvent enrich(
            String tool,
            String eventName,
            long timeUnixNano,
            Map<String, Object> resource,
            Map<String, Object> attributes,
            String geography,
            long receivedAtMicros) {
        return enrich(
                resource(tool, resource, false),
                eventName,
                timeUnixNano,
                attributes,
                false,
                geography,
                receivedAtMicros);
    }

    private void copyRest(Map<String, Object> from, Map<String, Object> into, boolean declaredKeys) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            if (!COLUMNS.contains(e.getKey())) {
                into.put(declaredKeys ? e.getKey() : scrub(e.getKey(), 256), clean(e.getValue()));
            }
        }
    }

    /** A scrubbed copy of an attribute value: strings scrubbed and capped, lists and maps element by element. */
    private Object clean(Object v) {
        if (v instanceof String s) {
            return scrub(s, maxStringLength);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new java.util.ArrayList<>(list.size());
            for (Object o : list) {
                out.add(clean(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(scrub(String.valueOf(e.getKey()), 256), clean(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /**
     * The client's {@code log.record.uid} when it is a UUID. Otherwise (plain OpenTelemetry
     * senders have none) a UUID derived from the record, so that a resent batch still dedups.
     */
    static UUID eventId(
            String tool, String eventName, long time, Map<String, Object> attributes, Map<String, Object> resource) {
        Object uid = attributes.get(AttributeNames.RECORD_UID);
        if (uid instanceof String s && s.length() == 36) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException notAUuid) {
                // derived below
            }
        }
        String basis = tool
                + '\u0000'
                + eventName
                + '\u0000'
                + time
                + '\u0000'
                + new TreeMap<>(attributes)
                + '\u0000'
                + new TreeMap<>(resource);
        return NameUuid.of(NameUuid.sha256().digest(basis.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code os.type} as the .NET CLI's published data spells OS families. */
    static String osFamily(String osType) {
        if (osType == null) {
            return "Unknown";
        }
        switch (osType.toLowerCase(Locale.ROOT)) {
            case "linux":
                return "Linux";
            case "darwin":
                return "Darwin";
            case "windows":
                return "Windows";
            case "freebsd":
                return "FreeBSD";
            case "openbsd":
                return "OpenBSD";
            case "netbsd":
                return "NetBSD";
            case "dragonflybsd":
                return "DragonFlyBSD";
            case "solaris":
                return "Solaris";
            case "aix":
                return "AIX";
            case "hpux":
                return "HP-UX";
            case "z_os":
                return "z/OS";
            default:
                return "Unknown";
        }
    }

    private String scrub(String value, int max) {
        return value == null ? null : scrubber.scrub(value, Math.min(max, maxStringLength));
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "Unknown" : value;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Integer intOrNull(Object value) {
        if (value instanceof Long l) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
        }
        return null;
    }

    private static Long longOrNull(Object value) {
        return value instanceof Long l ? l : null;
    }

    private String json(Map<String, Object> values) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s); // scrubbed by clean()
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeString(d.toString()); // JSON has no NaN
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) { // a TreeMap from clean()
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeNull();
        }
    }
}
