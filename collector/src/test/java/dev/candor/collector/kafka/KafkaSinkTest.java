package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.KafkaCluster;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.collector.testing.TestCollector;
import dev.candor.common.OwnerProof;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --sink kafka}: the same validation and enrichment, then records on the topic before the 200. */
class KafkaSinkTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @TempDir
    Path dir;

    private CollectorServer start(String topic) throws Exception {
        return TestCollector.start(
                dir,
                b -> b.set(Setting.SINK, "kafka")
                        .set(Setting.KAFKA_BOOTSTRAP, KAFKA.bootstrap())
                        .set(Setting.KAFKA_TOPIC, topic)
                        .set(Setting.KAFKA_PARTITIONS, "4"));
    }

    @Test
    void acknowledgedEventsAreOnTheTopicEnrichedAndKeyedByMachine() throws Exception {
        List<UUID> sent = new ArrayList<>();
        try (CollectorServer server = start("sink-events")) {
            for (int m = 0; m < 5; m++) {
                List<UUID> uids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
                HttpResponse<byte[]> r = Http.postLogs(
                        server.baseUri(),
                        "forge-public-ingest-key",
                        OtlpBodies.commands("forge", "machine-" + m, uids, "build"),
                        "X-Forwarded-For",
                        "203.0.113.9");
                assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
                sent.addAll(uids);
            }
            HttpResponse<byte[]> metrics = Http.get(server.baseUri(), "/metrics");
            assertThat(Http.text(metrics)).contains("candor_kafka_events_produced_total 15");
            assertThat(server.store()).as("stateless: no embedded store").isNull();
        }

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll("sink-events");
        Set<UUID> ids = new HashSet<>();
        Set<String> machinesByPartition = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StoredEvent e = KafkaRecords.read(r.value(), r.headers()).event();
            ids.add(e.eventId());
            assertThat(e.machineId())
                    .as("re-hashed with the server secret")
                    .hasSize(64)
                    .doesNotContain("machine-");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("forge\n" + e.machineId());
            machinesByPartition.add(e.machineId() + "@" + r.partition());
            assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .doesNotContain("203.0.113")
                    .doesNotContain(dir.toString());
        }
        assertThat(records).hasSize(15);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(machinesByPartition)
                .as("one partition per machine: its events keep their order")
                .hasSize(5);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".duckdb")))
                    .as("no DuckDB file")
                    .isEmpty();
        }
    }

    @Test
    void anErasureRequestIsQueuedOnTheMachinesPartition() throws Exception {
        OwnerProof.Keys owner = OwnerProof.generate();
        try (CollectorServer server = start("sink-forget")) {
            Http.postLogs(
                    server.baseUri(),
                    "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "machine-x", owner.publicKey(), List.of(UUID.randomUUID()), "build"));
            HttpResponse<byte[]> r = OwnerRequests.post(
                    server.baseUri(),
                    "/v1/forget",
                    "forge-public-ingest-key",
                    OwnerRequests.body("/v1/forget", "forge", "machine-x", owner));

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Http.text(r))
                    .as("the same answer as the embedded store's")
                    .isEqualTo("{}");
        }
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll("sink-forget");
        assertThat(records).hasSize(2);
        KafkaRecords.Entry erasure =
                KafkaRecords.read(records.get(1).value(), records.get(1).headers());
        assertThat(erasure.isForget()).isTrue();
        assertThat(erasure.forgetMachine())
                .isEqualTo(
                        KafkaRecords.read(records.get(0).value(), records.get(0).headers())
                                .event()
                                .machineId());
        assertThat(records.get(1).partition()).isEqualTo(records.get(0).partition());
    }

    @Test
    void aCollectorThatCannotReachKafkaDoesNotStart() {
        assertThatThrownBy(() -> TestCollector.start(
                        dir,
                        b -> b.set(Setting.SINK, "kafka")
                                .set(Setting.KAFKA_BOOTSTRAP, "127.0.0.1:1")
                                .set(Setting.KAFKA_TIMEOUT_MS, "1500")))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot reach Kafka at 127.0.0.1:1 (no answer in 1500 ms)");
    }
}
