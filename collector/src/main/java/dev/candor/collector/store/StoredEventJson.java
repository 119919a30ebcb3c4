package dev.candor.collector.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StoredEvent} as one JSON object, the value of a Kafka record and a row of ClickHouse's
 * {@code JSONEachRow} input: the columns of the {@code events} table by name, times in
 * microseconds since the epoch (UTC), {@code day} the UTC date of the event time, absent values as
 * {@code null}. Documented in docs/OPERATIONS.md ("Scale-out").
 */
public final class StoredEventJson {
    private static final JsonFactory JSON = new JsonFactory();

    private StoredEventJson() {}

    /** The UTC day of an event time in microseconds, as the daily aggregate counts it. */
    public static LocalDate day(long eventTimeMicros) {
        return LocalDate.ofEpochDay(Math.floorDiv(eventTimeMicros, TimeUnit.DAYS.toMicros(1)));
    }

    public static byte[] toBytes(StoredEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            write(e, out);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.toByteArray();
    }

    /** Writes one object and no line end. */
    public static void write(StoredEvent e, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("event_id", e.eventId().toString());
            g.writeStringField("tool", e.tool());
            g.writeStringField("tool_version", e.toolVersion());
            g.writeStringField("event_name", e.eventName());
            g.writeNumberField("event_time_us", e.eventTimeMicros());
            g.writeNumberField("received_at_us", e.receivedAtMicros());
            g.writeStringField("day", day(e.eventTimeMicros()).toString());
            g.writeStringField("machine_id", e.machineId());
            g.writeStringField("session_id", e.sessionId());
            g.writeStringField("os_family", e.osFamily());
            g.writeStringField("os_version", e.osVersion());
            g.writeStringField("runtime_id", e.runtimeId());
            g.writeStringField("geography", e.geography());
            g.writeStringField("command", e.command());
            if (e.exitCode() == null) {
                g.writeNullField("exit_code");
            } else {
                g.writeNumberField("exit_code", e.exitCode());
            }
            if (e.durationMs() == null) {
                g.writeNullField("duration_ms");
            } else {
                g.writeNumberField("duration_ms", e.durationMs());
            }
            g.writeStringField("properties", e.properties());
            g.writeEndObject();
        }
    }

    /**
     * Reads one object written by {@link #write}.
     *
     * @throws IOException when the bytes are not such an object (named field missing, wrong type)
     */
    public static StoredEvent read(byte[] bytes) throws IOException {
        String[] s = new String[Field.values().length];
        Long[] n = new Long[Field.values().length];
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Field f = Field.byName(p.currentName());
                JsonToken t = p.nextToken();
                if (f == null) {
                    p.skipChildren();
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    n[f.ordinal()] = p.getLongValue();
                } else if (t == JsonToken.VALUE_STRING) {
                    s[f.ordinal()] = p.getText();
                } else if (t != JsonToken.VALUE_NULL) {
                    throw new IOException(f.json + ": not a string, number or null");
                }
            }
        }
        UUID id;
        try {
            id = UUID.fromString(required(s, Field.EVENT_ID));
        } catch (IllegalArgumentException e) {
            throw new IOException("event_id is not a UUID"); // the value itself stays out of logs
        }
        Long exit = n[Field.EXIT_CODE.ordinal()];
        if (exit != null && (exit < Integer.MIN_VALUE || exit > Integer.MAX_VALUE)) {
            throw new IOException("exit_code is out of range");
        }
        return new StoredEvent(
                id,
                required(s, Field.TOOL),
                required(s, Field.TOOL_VERSION),
                required(s, Field.EVENT_NAME),
                requiredNumber(n, Field.EVENT_TIME_US),
                requiredNumber(n, Field.RECEIVED_AT_US),
                s[Field.MACHINE_ID.ordinal()],
                s[Field.SESSION_ID.ordinal()],
                required(s, Field.OS_FAMILY),
                required(s, Field.OS_VERSION),
                required(s, Field.RUNTIME_ID),
                required(s, Field.GEOGRAPHY),
                s[Field.COMMAND.ordinal()],
                exit == null ? null : exit.intValue(),
                n[Field.DURATION_MS.ordinal()],
                required(s, Field.PROPERTIES));
    }

    private static String required(String[] s, Field f) throws IOException {
        if (s[f.ordinal()] == null) {
            throw new IOException(f.json + " missing");
        }
        return s[f.ordinal()];
    }

    private static long requiredNumber(Long[] n, Field f) throws IOException {
        if (n[f.ordinal()] == null) {
            throw new IOException(f.json + " missing");
        }
        return n[f.ordinal()];
    }

    private enum Field {
        EVENT_ID,
        TOOL,
        TOOL_VERSION,
        EVENT_NAME,
        EVENT_TIME_US,
        RECEIVED_AT_US,
        MACHINE_ID,
        SESSION_ID,
        OS_FAMILY,
        OS_VERSION,
        RUNTIME_ID,
        GEOGRAPHY,
        COMMAND,
        EXIT_CODE,
        DURATION_MS,
        PROPERTIES;

        final String json = name().toLowerCase(java.util.Locale.ROOT);

        static Field byName(String name) {
            for (Field f : values()) {
                if (f.json.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
