package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.store.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The records on Candor's topic: what a collector writes, a loader reads back exactly; anything else is refused. */
class KafkaRecordsTest {
    private static final StoredEvent FULL = new StoredEvent(
            UUID.randomUUID(),
            "forge",
            "1.4.0",
            "cli.command",
            1_782_907_200_000_123L,
            1_782_907_200_500_000L,
            "9b2e".repeat(16),
            "session",
            "Linux",
            "6.8",
            "linux-x64",
            "Côte d'Ivoire",
            "build \"release\"\tx",
            2,
            812L,
            "{\"host.arch\":\"amd64\",\"note\":\"ü\\n\"}");

    private static StoredEvent roundTrip(ProducerRecord<byte[], byte[]> r) throws IOException {
        return KafkaRecords.read(r.value(), r.headers()).event();
    }

    @Test
    void anEventComesBackAsItWasWithNullsAndEscapes() throws Exception {
        StoredEvent sparse = new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "Unknown",
                "cli.crash",
                -5L,
                0L,
                null,
                null,
                "Unknown",
                "Unknown",
                "Unknown",
                "Unknown",
                null,
                null,
                null,
                "{}");

        assertThat(roundTrip(KafkaRecords.event("t", FULL))).isEqualTo(FULL);
        assertThat(roundTrip(KafkaRecords.event("t", sparse))).isEqualTo(sparse);
        assertThat(new String(KafkaRecords.event("t", FULL).value(), StandardCharsets.UTF_8))
                .contains("\"day\":\"2026-07-01\"")
                .contains("\"event_time_us\":1782907200000123");
    }

    @Test
    void eventsAreKeyedByToolAndMachineOrByEventIdWithoutAMachine() {
        StoredEvent anonymous = new StoredEvent(
                FULL.eventId(),
                "forge",
                "1",
                "cli.command",
                0,
                0,
                null,
                null,
                "Linux",
                "6",
                "linux-x64",
                "Chile",
                "build",
                0,
                1L,
                "{}");

        assertThat(new String(KafkaRecords.event("t", FULL).key(), StandardCharsets.UTF_8))
                .isEqualTo("forge\n" + FULL.machineId());
        assertThat(new String(KafkaRecords.event("t", anonymous).key(), StandardCharsets.UTF_8))
                .isEqualTo("forge\n" + FULL.eventId());
    }

    @Test
    void anErasureSharesItsMachinesKeyAndSaysWhatToErase() throws Exception {
        ProducerRecord<byte[], byte[]> r = KafkaRecords.forget("t", "forge", FULL.machineId());

        KafkaRecords.Entry e = KafkaRecords.read(r.value(), r.headers());
        assertThat(e.isForget()).isTrue();
        assertThat(List.of(e.forgetTool(), e.forgetMachine())).containsExactly("forge", FULL.machineId());
        assertThat(r.key()).isEqualTo(KafkaRecords.event("t", FULL).key());
    }

    @Test
    void recordsCandorDidNotWriteAreRefusedWithAReason() {
        RecordHeaders none = new RecordHeaders();

        assertThatThrownBy(() -> KafkaRecords.read("[1,2]".getBytes(StandardCharsets.UTF_8), none))
                .isInstanceOf(IOException.class)
                .hasMessage("not a JSON object");
        assertThatThrownBy(() -> KafkaRecords.read("{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8), none))
                .isInstanceOf(IOException.class)
                .hasMessage("event_id is not a UUID");
        assertThatThrownBy(() -> KafkaRecords.read(
                        ("{\"event_id\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8), none))
                .isInstanceOf(IOException.class)
                .hasMessage("tool missing");
        assertThatThrownBy(() -> KafkaRecords.read("{\"tool\":{}}".getBytes(StandardCharsets.UTF_8), none))
                .isInstanceOf(IOException.class)
                .hasMessage("tool: not a string, number or null");
        assertThatThrownBy(() -> KafkaRecords.read(new byte[] {(byte) 0xff, 0x00}, none))
                .isInstanceOf(IOException.class);
        Headers forget = new RecordHeaders().add(KafkaRecords.KIND, "forget".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> KafkaRecords.read("{\"tool\":\"forge\"}".getBytes(StandardCharsets.UTF_8), forget))
                .isInstanceOf(IOException.class)
                .hasMessage("an erasure record without tool and machine_id");
    }
}
