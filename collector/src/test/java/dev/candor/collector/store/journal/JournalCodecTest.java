package dev.candor.collector.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.store.Events;
import dev.candor.collector.store.StoredEvent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JournalCodecTest {
    private static List<StoredEvent> roundTrip(List<StoredEvent> events) throws Exception {
        ByteBuffer entry = JournalCodec.entry(events);
        ByteBuffer header = entry.slice(0, JournalCodec.HEADER_BYTES);
        int length = JournalCodec.payloadLength(header);
        assertThat(entry.remaining()).isEqualTo(JournalCodec.HEADER_BYTES + length);
        return JournalCodec.payload(header, entry.slice(JournalCodec.HEADER_BYTES, length));
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        List<StoredEvent> events = List.of(
                Events.of("a"),
                Events.of("b"),
                new StoredEvent(
                        new UUID(Long.MIN_VALUE, -1),
                        "forge",
                        "2.0",
                        "cli.crash",
                        -5,
                        Long.MAX_VALUE,
                        "m",
                        "s",
                        "Windows",
                        "10.0",
                        "win-x64",
                        "Japan",
                        "run",
                        -1,
                        Long.MIN_VALUE,
                        "{}"));

        assertThat(roundTrip(events)).isEqualTo(events);
    }

    @Test
    void nullFieldsStayNull() throws Exception {
        StoredEvent sparse = new StoredEvent(
                UUID.randomUUID(), null, null, null, 0, 0, null, null, null, null, null, null, null, null, null, null);

        assertThat(roundTrip(List.of(sparse))).containsExactly(sparse);
    }

    @Test
    void longAndNonAsciiStringsSurvive() throws Exception {
        String big = "ü€😀\t\n\0".repeat(50_000);
        StoredEvent e = new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "",
                "cli.command",
                1,
                2,
                "",
                big,
                "Linux",
                "6",
                "linux-x64",
                "Côte d'Ivoire",
                "build",
                0,
                1L,
                "{\"k\":\"" + big + "\"}");

        assertThat(roundTrip(List.of(e))).containsExactly(e);
    }

    @Test
    void anEmptyBatchIsAnEntryToo() throws Exception {
        assertThat(roundTrip(List.of())).isEmpty();
    }

    @Test
    void aChangedByteFailsTheCrc() throws Exception {
        ByteBuffer entry = JournalCodec.entry(Events.batch("a", 3));
        int last = entry.limit() - 1;
        entry.put(last, (byte) (entry.get(last) ^ 1));
        ByteBuffer header = entry.slice(0, JournalCodec.HEADER_BYTES);

        assertThatThrownBy(() -> JournalCodec.payload(
                        header, entry.slice(JournalCodec.HEADER_BYTES, JournalCodec.payloadLength(header))))
                .isInstanceOf(JournalCodec.Malformed.class)
                .hasMessageContaining("CRC32");
    }

    @Test
    void zerosAreNoEntry() {
        assertThatThrownBy(() -> JournalCodec.payloadLength(ByteBuffer.allocate(JournalCodec.HEADER_BYTES)))
                .isInstanceOf(JournalCodec.Malformed.class)
                .hasMessageContaining("magic");
    }

    private static StoredEvent split(String id, String run, String own) {
        StoredEvent e = Events.of(id);
        return new StoredEvent(
                e.eventId(),
                e.tool(),
                e.toolVersion(),
                e.eventName(),
                e.eventTimeMicros(),
                e.receivedAtMicros(),
                e.machineId(),
                e.sessionId(),
                e.osFamily(),
                e.osVersion(),
                e.runtimeId(),
                e.geography(),
                e.command(),
                e.exitCode(),
                e.durationMs(),
                dev.candor.collector.store.PropertiesJson.merge(run, own),
                run,
                own);
    }

    @Test
    void aRunsPropertiesAreWrittenOncePerEntryAndEveryRowComesBackWhole() throws Exception {
        String run = new String("{\"candor.ci\":true,\"host.arch\":\"amd64\",\"x\":\"" + "r".repeat(2000) + "\"}");
        String other = "{\"candor.ci\":false}";
        List<StoredEvent> events = List.of(
                split("a", run, "{\"host.arch\":\"arm64\"}"),
                split("b", run, "{\"passed\":3}"),
                Events.of("c"),
                split("d", other, "{}"),
                split("e", run, "{}"));

        List<StoredEvent> back = roundTrip(events);

        assertThat(back).isEqualTo(events);
        assertThat(back.get(0).properties()).startsWith("{\"candor.ci\":true,\"host.arch\":\"arm64\",\"x\":");
        assertThat(JournalCodec.entry(events).remaining())
                .as("the 2,000-char run attribute once, not three times")
                .isLessThan(3 * 2000);
    }

    @Test
    void aReferenceToARunNotYetReadIsDamage() throws Exception {
        ByteBuffer entry = JournalCodec.entry(List.of(split("a", "{\"k\":1}", "{}")));
        ByteBuffer payload = entry.slice(JournalCodec.HEADER_BYTES, entry.remaining() - JournalCodec.HEADER_BYTES);
        // The marker of the first row's split properties, turned into "the run of event 0" by itself.
        int at = payload.limit() - 4 - 2 - 4 - "{\"k\":1}".length() - 4;
        assertThat(payload.getInt(at)).isEqualTo(-2);
        ByteBuffer damaged = ByteBuffer.allocate(payload.limit() - "{\"k\":1}".length());
        damaged.put(payload.duplicate().limit(at)).putInt(-3).putInt(0);
        damaged.put(payload.duplicate().position(at + 4 + 4 + "{\"k\":1}".length()));
        damaged.flip();
        assertThatThrownBy(() -> JournalCodec.decode(damaged))
                .isInstanceOf(JournalCodec.Malformed.class)
                .hasMessageContaining("names the run of event 0");
    }
}
