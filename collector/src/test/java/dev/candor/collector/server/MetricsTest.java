package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's Prometheus scrapes besides ingest: the build, the process and JVM, the size of the
 * deduplication index, the collector's own jobs (when each last ran, and how), and dashboard logins.
 */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void metricsCoverTheProcessTheJobsAndTheDashboard() throws Exception {
        try (CollectorServer server =
                TestCollector.start(dir, b -> b.set(Setting.ADMIN_TOKEN, "metrics-test-admin-token-0123456789"))) {
            String before = Http.text(Http.get(server.baseUri(), "/metrics"));
            assertThat(before)
                    .contains("candor_build_info{component=\"collector\",version=\"" + CollectorServer.VERSION + "\"")
                    .containsPattern("process_cpu_seconds_total [0-9.]+")
                    .containsPattern("process_start_time_seconds [0-9.]+E9")
                    .containsPattern("process_resident_memory_bytes [1-9]")
                    .containsPattern("process_open_fds [1-9]")
                    .containsPattern("jvm_threads_live [1-9]")
                    .contains("candor_maintenance_last_run_timestamp_seconds{job=\"retention\"} 0")
                    .contains("candor_dashboard_logins_total{outcome=\"wrong_token\"} 0");

            Http.postLogs(
                    server.baseUri(),
                    "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "m1", List.of(UUID.randomUUID(), UUID.randomUUID()), "build"));
            assertThat(StoreQueries.count(server, "")).isEqualTo(2);
            Http.post(
                    server.baseUri(),
                    "/login",
                    "token=not-the-admin-token-at-all".getBytes(StandardCharsets.US_ASCII),
                    "Content-Type",
                    "application/x-www-form-urlencoded");
            server.maintenance().retention();
            server.maintenance().compaction();

            String after = Http.text(Http.get(server.baseUri(), "/metrics"));
            assertThat(after)
                    .contains("candor_dedup_ids 2\n")
                    .contains("candor_dashboard_logins_total{outcome=\"wrong_token\"} 1")
                    .contains("candor_dashboard_logins_total{outcome=\"ok\"} 0")
                    .containsPattern("candor_maintenance_last_run_timestamp_seconds\\{job=\"retention\"} 1[0-9]{9}")
                    .containsPattern("candor_maintenance_last_run_timestamp_seconds\\{job=\"aggregate\"} 1[0-9]{9}")
                    .contains("candor_maintenance_last_run_ok{job=\"retention\"} 1")
                    .contains("candor_maintenance_failures_total{job=\"aggregate\"} 0");
            // Each metric name has one HELP and one TYPE line, as Prometheus' parser requires.
            List<String> types =
                    after.lines().filter(l -> l.startsWith("# TYPE ")).toList();
            assertThat(types).doesNotHaveDuplicates();
        }
    }
}
