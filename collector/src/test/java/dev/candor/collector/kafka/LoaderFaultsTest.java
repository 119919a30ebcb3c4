package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import dev.candor.collector.store.clickhouse.UsageTotals;
import dev.candor.collector.testing.ClickHouseExtension;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Loaders under faults: killed mid-batch, and ClickHouse restarted while they load. Nothing lost, nothing twice. */
class LoaderFaultsTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @TempDir
    Path dir;

    private static List<StoredEvent> events(int n) {
        long day = LocalDate.of(2026, 7, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = day + (i % 20) * 86_400_000_000L;
            events.add(new StoredEvent(
                    UUID.randomUUID(),
                    "forge",
                    "1.0",
                    "cli.command",
                    t,
                    t,
                    "machine-" + (i % 300),
                    "s",
                    "Linux",
                    "6",
                    "linux-x64",
                    "Germany",
                    i % 3 == 0 ? "test" : "build",
                    i % 7 == 0 ? 1 : 0,
                    5L,
                    "{}"));
        }
        return events;
    }

    private static void produce(String topic, List<StoredEvent> events) throws Exception {
        try (KafkaSink sink = KafkaSink.start(KAFKA.bootstrap(), topic, 4, 10_000, Integer.MAX_VALUE)) {
            for (int i = 0; i < events.size(); i += 1000) {
                sink.append(events.subList(i, Math.min(events.size(), i + 1000)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process loaderProcess(String topic, String database, Path log) throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.candor.collector.Candor",
                "load",
                "--from",
                "kafka",
                "--to",
                "clickhouse",
                "--kafka-bootstrap",
                KAFKA.bootstrap(),
                "--clickhouse-url",
                CLICKHOUSE.url().toString(),
                "--clickhouse-database",
                database,
                "--batch-events",
                "500",
                "--max-wait-ms",
                "50",
                "--metrics-port",
                "0");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CANDOR_"));
        pb.environment().put("CANDOR_KAFKA_TOPIC", topic);
        pb.environment().put("CANDOR_KAFKA_PARTITIONS", "4");
        return pb.start();
    }

    private static void assertLoadedOnce(ClickHouseEventStore store, int n, long failures) throws Exception {
        assertThat(store.count()).isEqualTo(n);
        store.compactUsage();
        UsageTotals t = UsageTotals.of(store);
        assertThat(t.occurrences()).as("the aggregate counts each event once").isEqualTo(n);
        assertThat(t.failures()).isEqualTo(failures);
    }

    @Test
    void aLoaderKilledMidBatchLosesNothingAndCountsNothingTwice() throws Exception {
        List<StoredEvent> events = events(20_000);
        produce("kill-test", events);
        try (ClickHouseEventStore store = ClickHouseEventStore.open(CLICKHOUSE.url(), "kill_test")) {
            Process first = loaderProcess("kill-test", "kill_test", dir.resolve("first.log"));
            try {
                Eventually.within(Duration.ofSeconds(90), "the first loader inserting", () -> store.count() >= 3_000);
            } finally {
                first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last commit
            }
            long atKill = store.count();
            Process second = loaderProcess("kill-test", "kill_test", dir.resolve("second.log"));
            try {
                Eventually.within(
                        Duration.ofSeconds(120), "the second loader finishing", () -> store.count() == 20_000);
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(atKill)
                    .as("killed mid-load: " + Files.readString(dir.resolve("first.log")))
                    .isLessThan(20_000);
            assertLoadedOnce(
                    store,
                    20_000,
                    events.stream().filter(e -> e.exitCode() != 0).count());
            assertThat(Files.readString(dir.resolve("second.log")))
                    .contains("load: batch of")
                    .contains("load: /metrics and /healthz on http://127.0.0.1:")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void clickHouseRestartedDuringLoadingLosesNothing() throws Exception {
        List<StoredEvent> events = events(10_000);
        try (ClickHouseEventStore store = ClickHouseEventStore.open(CLICKHOUSE.url(), "restart_test")) {
            KafkaLoader loader = KafkaLoader.start(
                    KAFKA.bootstrap(),
                    "restart-test",
                    4,
                    5000,
                    store,
                    500,
                    Duration.ofMillis(50),
                    (records, fresh, erasures, total, lag) -> {});
            Thread t = LoaderThread.start(loader);
            LoaderEndpoint endpoint = LoaderEndpoint.start("127.0.0.1", 0, loader, "test", Duration.ofSeconds(1));
            produce("restart-test", events.subList(0, 5_000));
            Eventually.within(Duration.ofSeconds(60), "loading under way", () -> store.count() > 0);
            assertThat(Http.text(Http.get(endpoint.uri(), "/healthz"))).isEqualTo("ok\n");
            CLICKHOUSE.server().stop();
            produce("restart-test", events.subList(5_000, 10_000));
            // The loader's own health says what an operator must know: its store refuses the batches.
            Eventually.within(
                    Duration.ofSeconds(60),
                    "the loader reporting its store down",
                    () -> Http.get(endpoint.uri(), "/healthz").statusCode() == 503);
            assertThat(Http.text(Http.get(endpoint.uri(), "/healthz")))
                    .startsWith("the store has refused every batch for");
            CLICKHOUSE.server().startAgain();
            Eventually.within(
                    Duration.ofSeconds(120), "every event loaded after the restart", () -> store.count() == 10_000);
            Eventually.within(
                    Duration.ofSeconds(30),
                    "healthy again",
                    () -> Http.get(endpoint.uri(), "/healthz").statusCode() == 200);
            String metrics = Http.text(Http.get(endpoint.uri(), "/metrics"));
            assertThat(metrics)
                    .contains("candor_loader_events_loaded_total 10000\n")
                    .containsPattern("candor_loader_store_failures_total [1-9]")
                    .containsPattern("candor_loader_batches_total [1-9]")
                    .contains("candor_loader_batch_seconds_count ")
                    .contains("candor_build_info{component=\"loader\",version=\"test\"")
                    .containsPattern("process_cpu_seconds_total [0-9.]+")
                    .contains("jvm_memory_used_bytes{area=\"heap\"}");
            endpoint.close();
            loader.close();
            t.join();
            assertLoadedOnce(
                    store,
                    10_000,
                    events.stream().filter(e -> e.exitCode() != 0).count());
        }
    }
}
