package dev.candor.collector.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short runs against a real collector: what the generator counts as acknowledged is what the store holds. */
class LoadGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void itLoadsAnHttpsCollectorWithAPrivateCaGivenAsCacert() throws Exception {
        dev.candor.collector.testing.TestKeystore tls =
                dev.candor.collector.testing.TestKeystore.create(dir.resolve("tls"));
        try (CollectorServer server = TestCollector.start(
                dir.resolve("data"),
                b -> b.set(Setting.TLS_KEYSTORE, tls.keystore().toString())
                        .set(Setting.TLS_KEYSTORE_PASSWORD, dev.candor.collector.testing.TestKeystore.PASSWORD)
                        .set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            assertThat(server.baseUri().getScheme()).isEqualTo("https");
            LoadReport report = LoadGenerator.run(
                    LoadPlan.builder()
                            .url(server.baseUri())
                            .events(500)
                            .connections(2)
                            .caFile(tls.caFile())
                            .build(),
                    null);
            assertThat(report.eventsAcknowledged()).isEqualTo(500);
            assertThat(report.failedRequests()).isZero();
            assertThat(StoreQueries.count(server, "")).isEqualTo(500);
        }
    }

    @Test
    void theStoreHoldsExactlyTheAcknowledgedEvents() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            LoadReport report = LoadGenerator.run(
                    LoadPlan.builder()
                            .url(server.baseUri())
                            .events(3_050)
                            .connections(4)
                            .build(),
                    null);

            assertThat(report.statuses()).isEqualTo(Map.of(200, 31L));
            assertThat(report.eventsAcknowledged()).isEqualTo(3_050);
            assertThat(report.failedRequests()).isZero();
            assertThat(report.latency().p50()).isPositive();
            assertThat(StoreQueries.count(server, "")).isEqualTo(3_050);
            assertThat(StoreQueries.rows(server, "SELECT count(DISTINCT event_id) FROM events")
                            .get(0)
                            .get(0))
                    .isEqualTo(3_050L);
        }
    }

    @Test
    void withRepeatableIdsTheAcknowledgedRequestsNameTheStoredEvents() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            LoadPlan plan = LoadPlan.builder()
                    .url(server.baseUri())
                    .repeatableIds(true)
                    .seed(7)
                    .batch(40)
                    .events(1_010)
                    .connections(3)
                    .build();
            LoadReport report = LoadGenerator.run(plan, null);

            assertThat(report.acknowledgedRequests()).hasSize(26).isSorted();
            java.util.List<String> named = report.acknowledgedRequests().stream()
                    .flatMap(n -> LoadGenerator.eventIds(plan, n).stream())
                    .toList();
            assertThat(named).hasSize(1_010).doesNotHaveDuplicates();
            assertThat(StoreQueries.rows(server, "SELECT event_id::VARCHAR FROM events").stream()
                            .map(r -> r.get(0))
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(named);
        }
    }

    @Test
    void refusedRequestsAreCountedByStatusAndNotRetried() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            LoadReport report = LoadGenerator.run(
                    LoadPlan.builder()
                            .url(server.baseUri())
                            .key("not-the-forge-key")
                            .events(500)
                            .connections(2)
                            .build(),
                    null);

            assertThat(report.statuses()).isEqualTo(Map.of(401, 5L));
            assertThat(report.requests()).isEqualTo(5);
            assertThat(report.eventsAcknowledged()).isZero();
            assertThat(StoreQueries.count(server, "")).isZero();
        }
    }

    @Test
    void anUnreachableCollectorIsCountedAsErrors() throws Exception {
        LoadReport report = LoadGenerator.run(
                LoadPlan.builder()
                        .url(java.net.URI.create("http://127.0.0.1:9"))
                        .events(200)
                        .connections(1)
                        .build(),
                null);

        assertThat(report.errors()).isEqualTo(2);
        assertThat(report.firstError()).isNotNull();
        assertThat(report.eventsAcknowledged()).isZero();
    }

    @Test
    void withForwardedForATrustingCollectorPlacesMachinesInManyCountries() throws Exception {
        try (CollectorServer server = TestCollector.start(
                dir, b -> b.set(Setting.TRUSTED_PROXIES, "127.0.0.1").set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            LoadReport report = LoadGenerator.run(
                    LoadPlan.builder()
                            .url(server.baseUri())
                            .forwardedFor(true)
                            .batch(10)
                            .events(3_000)
                            .connections(4)
                            .build(),
                    null);

            assertThat(report.eventsAcknowledged()).isEqualTo(3_000);
            assertThat(StoreQueries.rows(server, "SELECT DISTINCT geography FROM events"))
                    .hasSizeGreaterThanOrEqualTo(10)
                    .doesNotContain(java.util.List.of("Unknown"));
        }
    }
}
