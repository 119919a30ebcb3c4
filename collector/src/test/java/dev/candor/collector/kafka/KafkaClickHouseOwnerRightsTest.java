package dev.candor.collector.kafka;

import dev.candor.collector.config.Setting;
import dev.candor.collector.rights.OwnerRightsContract;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.store.clickhouse.ClickHouseBackend;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import dev.candor.collector.store.clickhouse.StoredIds;
import dev.candor.collector.testing.ClickHouseExtension;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.KafkaCluster;
import dev.candor.collector.testing.TestCollector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract behind a stateless collector: it produces events and erasures to Kafka, a loader writes
 * them into ClickHouse, and the same collector answers access requests from ClickHouse.
 */
class KafkaClickHouseOwnerRightsTest extends OwnerRightsContract {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static final String DATABASE = "owner_rights";

    @TempDir
    static Path dir;

    private static ClickHouseEventStore store;
    private static CollectorServer collector;
    private static KafkaLoader loader;
    private static Thread loading;

    @BeforeAll
    static void start() throws Exception {
        store = ClickHouseEventStore.open(CLICKHOUSE.url(), DATABASE);
        collector = TestCollector.start(
                dir,
                b -> b.set(Setting.SINK, "kafka")
                        .set(Setting.KAFKA_BOOTSTRAP, KAFKA.bootstrap())
                        .set(Setting.KAFKA_TOPIC, "owner-rights")
                        .set(Setting.KAFKA_PARTITIONS, "2")
                        .set(Setting.STORE, "clickhouse")
                        .set(Setting.CLICKHOUSE_URL, CLICKHOUSE.url().toString())
                        .set(Setting.CLICKHOUSE_DATABASE, DATABASE)
                        .set(Setting.OWNER_REQUESTS_PER_MINUTE, "0"));
        loader = KafkaLoader.start(
                KAFKA.bootstrap(),
                "owner-rights",
                2,
                5000,
                new ClickHouseBackend(ClickHouseEventStore.open(CLICKHOUSE.url(), DATABASE)).events(),
                200,
                Duration.ofMillis(100),
                (records, fresh, erasures, total, lag) -> {});
        loading = LoaderThread.start(loader);
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
        loader.close();
        loading.join();
        store.close();
    }

    @Override
    protected URI collector() {
        return collector.baseUri();
    }

    @Override
    protected void settle(java.util.List<java.util.UUID> acknowledged) throws Exception {
        Eventually.within(
                Duration.ofSeconds(60),
                "the loader has written the events acknowledged",
                () -> StoredIds.count(store, acknowledged) == acknowledged.size());
        store.compactUsage(); // the aggregate is computed from the raw events, not kept incrementally
    }

    @Override
    protected Duration erasureDelay() {
        return Duration.ofSeconds(60);
    }
}
