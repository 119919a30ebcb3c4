package dev.candor.collector.store.journal;

import dev.candor.collector.store.PropertiesJson;
import dev.candor.collector.store.StoredEvent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The journal's binary form of one batch of events. An entry is a 12-byte header, {@code magic},
 * {@code length} and the {@code CRC32} of the payload (big-endian ints), then the payload: the
 * event count, then each event's 16 fields in {@link StoredEvent}'s order. The id is two longs,
 * times are longs, strings are an int byte length ({@code -1} for null) and UTF-8, the exit code
 * and the duration are a presence byte and the value.
 *
 * <p>Entries with the magic {@code CJN2} may hold, in place of a split row's whole properties, the
 * length {@code -2} and then the run's properties and the event's, or {@code -3}, the index of an
 * earlier event of the entry whose run properties are the same, and the event's: a run's attributes
 * are written once per entry, not once per event. {@code CJN1} entries (older collectors) are read as
 * they were written.
 */
final class JournalCodec {
    static final int MAGIC = 0x434A_4E32; // "CJN2"
    static final int MAGIC_1 = 0x434A_4E31; // "CJN1": no split properties
    private static final int SPLIT = -2;
    private static final int SPLIT_SAME_RUN = -3;
    static final int HEADER_BYTES = 12;
    /**
     * Far above any batch the collector accepts (bodies are capped at a few MiB), so a larger length
     * in a header can only be damage; it also keeps a damaged length from allocating gigabytes.
     */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;
    /** The shortest encoded event (id, times, eleven null strings, no exit code or duration): bounds a damaged count. */
    private static final int MIN_EVENT_BYTES = 16 + 16 + 4 * 11 + 2;

    private JournalCodec() {}

    /** The damaged or unreadable part of an entry; the message says what was wrong. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The whole entry, header and payload, ready to be written. */
    static ByteBuffer entry(List<StoredEvent> events) {
        Sink out = new Sink(HEADER_BYTES + 4 + 512 * events.size());
        out.buffer.position(HEADER_BYTES);
        out.buffer.putInt(events.size());
        Map<String, Integer> runs = new IdentityHashMap<>(); // the enricher gives a run's events one string
        int index = 0;
        for (StoredEvent e : events) {
            out.ensure(32);
            out.buffer.putLong(e.eventId().getMostSignificantBits());
            out.buffer.putLong(e.eventId().getLeastSignificantBits());
            out.string(e.tool());
            out.string(e.toolVersion());
            out.string(e.eventName());
            out.ensure(16);
            out.buffer.putLong(e.eventTimeMicros());
            out.buffer.putLong(e.receivedAtMicros());
            out.string(e.machineId());
            out.string(e.sessionId());
            out.string(e.osFamily());
            out.string(e.osVersion());
            out.string(e.runtimeId());
            out.string(e.geography());
            out.string(e.command());
            out.ensure(18);
            if (e.exitCode() == null) {
                out.buffer.put((byte) 0);
            } else {
                out.buffer.put((byte) 1).putInt(e.exitCode());
            }
            if (e.durationMs() == null) {
                out.buffer.put((byte) 0);
            } else {
                out.buffer.put((byte) 1).putLong(e.durationMs());
            }
            if (!e.split()) {
                out.string(e.properties());
            } else {
                Integer earlier = runs.putIfAbsent(e.runProperties(), index);
                out.ensure(8);
                if (earlier == null) {
                    out.buffer.putInt(SPLIT);
                    out.string(e.runProperties());
                } else {
                    out.buffer.putInt(SPLIT_SAME_RUN).putInt(earlier);
                }
                out.string(e.eventProperties());
            }
            index++;
        }
        ByteBuffer b = out.buffer;
        int length = b.position() - HEADER_BYTES;
        if (length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a batch of " + events.size() + " events takes " + length
                    + " bytes, more than a journal entry holds");
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), HEADER_BYTES, length);
        b.putInt(0, MAGIC).putInt(4, length).putInt(8, (int) crc.getValue());
        return b.flip();
    }

    /** Checks a header; returns the payload length it announces. */
    static int payloadLength(ByteBuffer header) throws Malformed {
        int magic = header.getInt(0);
        if (magic != MAGIC && magic != MAGIC_1) {
            throw new Malformed(String.format("no entry starts here (0x%08x instead of the magic)", magic));
        }
        int length = header.getInt(4);
        if (length < 4 || length > MAX_PAYLOAD_BYTES) {
            throw new Malformed("impossible entry length " + length);
        }
        return length;
    }

    /** Checks the payload against the header's CRC and decodes it. */
    static List<StoredEvent> payload(ByteBuffer header, ByteBuffer payload) throws Malformed {
        CRC32 crc = new CRC32();
        crc.update(payload.duplicate());
        if ((int) crc.getValue() != header.getInt(8)) {
            throw new Malformed("CRC32 mismatch");
        }
        return decode(payload);
    }

    static List<StoredEvent> decode(ByteBuffer in) throws Malformed {
        try {
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / MIN_EVENT_BYTES) {
                throw new Malformed("impossible event count " + count);
            }
            List<StoredEvent> events = new ArrayList<>(count);
            String[] runs = new String[count];
            for (int i = 0; i < count; i++) {
                UUID id = new UUID(in.getLong(), in.getLong());
                String tool = string(in);
                String toolVersion = string(in);
                String eventName = string(in);
                long eventTime = in.getLong();
                long receivedAt = in.getLong();
                String machineId = string(in);
                String sessionId = string(in);
                String osFamily = string(in);
                String osVersion = string(in);
                String runtimeId = string(in);
                String geography = string(in);
                String command = string(in);
                Integer exitCode = in.get() == 0 ? null : in.getInt();
                Long durationMs = in.get() == 0 ? null : in.getLong();
                String properties;
                String run = null;
                String own = null;
                int marker = in.getInt(in.position());
                if (marker == SPLIT || marker == SPLIT_SAME_RUN) {
                    in.getInt();
                    if (marker == SPLIT) {
                        run = string(in);
                    } else {
                        int earlier = in.getInt();
                        if (earlier < 0 || earlier >= i || runs[earlier] == null) {
                            throw new Malformed(
                                    "event " + i + " names the run of event " + earlier + ", which has none");
                        }
                        run = runs[earlier];
                    }
                    own = string(in);
                    if (run == null || own == null) {
                        throw new Malformed("a split row without its run's or its own properties");
                    }
                    runs[i] = run;
                    properties = PropertiesJson.merge(run, own);
                } else {
                    properties = string(in);
                }
                events.add(new StoredEvent(
                        id,
                        tool,
                        toolVersion,
                        eventName,
                        eventTime,
                        receivedAt,
                        machineId,
                        sessionId,
                        osFamily,
                        osVersion,
                        runtimeId,
                        geography,
                        command,
                        exitCode,
                        durationMs,
                        properties,
                        run,
                        own));
            }
            if (in.hasRemaining()) {
                throw new Malformed(in.remaining() + " bytes after the last event");
            }
            return events;
        } catch (BufferUnderflowException e) {
            throw new Malformed("the payload ends inside an event");
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new Malformed("a split row's properties are not JSON objects");
        }
    }

    private static String string(ByteBuffer in) throws Malformed {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.remaining()) {
            throw new Malformed("impossible string length " + n);
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A heap buffer that doubles when full: one array per entry, no copies but the growth. */
    private static final class Sink {
        ByteBuffer buffer;

        Sink(int initial) {
            buffer = ByteBuffer.allocate(initial);
        }

        void ensure(int n) {
            if (buffer.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + n));
                bigger.put(buffer.flip());
                buffer = bigger;
            }
        }

        void string(String s) {
            if (s == null) {
                ensure(4);
                buffer.putInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ensure(4 + utf8.length);
            buffer.putInt(utf8.length).put(utf8);
        }
    }
}
