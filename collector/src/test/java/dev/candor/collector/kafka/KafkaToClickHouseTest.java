package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.clickhouse.ClickHouseBackend;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.DuckDbUsageSource;
import dev.candor.collector.testing.ClickHouseExtension;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.KafkaCluster;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.collector.testing.TestCollector;
import dev.candor.common.OwnerProof;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scale-out path end to end: collector → Kafka → loaders → ClickHouse → publish, and erasure along it. */
class KafkaToClickHouseTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @TempDir
    Path dir;

    @Test
    void twoLoadersShareThePartitionsAndClickHousePublishesWhatDuckDbWould() throws Exception {
        String topic = "end-to-end";
        List<UUID> sent = new ArrayList<>();
        OwnerProof.Keys owner = OwnerProof.generate(); // one key for all the test's machines: enough here
        try (ClickHouseEventStore store = ClickHouseEventStore.open(CLICKHOUSE.url(), "end_to_end");
                CollectorServer collector = TestCollector.start(
                        dir.resolve("collector"),
                        b -> b.set(Setting.SINK, "kafka")
                                .set(Setting.KAFKA_BOOTSTRAP, KAFKA.bootstrap())
                                .set(Setting.KAFKA_TOPIC, topic)
                                .set(Setting.KAFKA_PARTITIONS, "4"))) {
            KafkaLoader first = KafkaLoader.start(
                    KAFKA.bootstrap(),
                    topic,
                    4,
                    5000,
                    store,
                    200,
                    Duration.ofMillis(100),
                    (records, fresh, erasures, total, lag) -> {});
            KafkaLoader second = KafkaLoader.start(
                    KAFKA.bootstrap(),
                    topic,
                    4,
                    5000,
                    new ClickHouseBackend(ClickHouseEventStore.open(CLICKHOUSE.url(), "end_to_end")).events(),
                    200,
                    Duration.ofMillis(100),
                    (records, fresh, erasures, total, lag) -> {});
            Thread a = LoaderThread.start(first);
            Thread b = LoaderThread.start(second);
            for (int m = 0; m < 24; m++) {
                for (String command : List.of("build", "test", "build")) {
                    List<UUID> uids = List.of(UUID.randomUUID(), UUID.randomUUID());
                    String body = OtlpBodies.commands(
                            "forge", "machine-" + m, owner.publicKey(), uids, m % 5 == 0 ? "pack" : command);
                    assertThat(Http.postLogs(collector.baseUri(), "forge-public-ingest-key", body)
                                    .statusCode())
                            .isEqualTo(200);
                    if (m == 3) {
                        // A client retry: the same records again.
                        assertThat(Http.postLogs(collector.baseUri(), "forge-public-ingest-key", body)
                                        .statusCode())
                                .isEqualTo(200);
                    }
                    sent.addAll(uids);
                }
            }
            Eventually.within(Duration.ofSeconds(60), "every event in ClickHouse", () -> store.count() == sent.size());
            assertThat(OwnerRequests.post(
                                    collector.baseUri(),
                                    "/v1/forget",
                                    "forge-public-ingest-key",
                                    OwnerRequests.body("/v1/forget", "forge", "machine-7", owner))
                            .statusCode())
                    .isEqualTo(200);
            Eventually.within(Duration.ofSeconds(60), "machine-7 erased", () -> store.count() == sent.size() - 6);
            first.close();
            second.close();
            a.join();
            b.join();

            // The same events, as they are on the topic, into the embedded store: the same file must come out.
            List<StoredEvent> events = new ArrayList<>();
            String erased = null;
            for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll(topic)) {
                KafkaRecords.Entry e = KafkaRecords.read(r.value(), r.headers());
                if (e.isForget()) {
                    erased = e.forgetMachine();
                } else {
                    events.add(e.event());
                }
            }
            Quarter quarter = Quarter.of(LocalDate.now(ZoneOffset.UTC));
            store.rebuildUsage(quarter.firstDay());
            PublishReport fromClickHouse = new QuarterlyPublisher(store.usageSource())
                    .publish("forge", quarter, 3, dir.resolve("clickhouse"), QuarterlyPublisher.Progress.NONE);
            PublishReport fromDuckDb;
            try (DuckDbEventStore duck = DuckDbEventStore.open(dir.resolve("duck"));
                    Connection c = duck.newReader()) {
                duck.insert(events);
                duck.forget("forge", erased);
                fromDuckDb = new QuarterlyPublisher(new DuckDbUsageSource(c))
                        .publish("forge", quarter, 3, dir.resolve("duckdb"), QuarterlyPublisher.Progress.NONE);
            }
            assertThat(events).as("the retry is on the topic twice").hasSize(sent.size() + 6);
            assertThat(fromClickHouse.publishedOccurrences()).isEqualTo(sent.size() - 6);
            assertThat(Files.readString(fromClickHouse.file())).isEqualTo(Files.readString(fromDuckDb.file()));
        }
    }
}
