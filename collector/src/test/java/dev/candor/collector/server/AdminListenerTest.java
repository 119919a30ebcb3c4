package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin-port}: /metrics and the dashboard move to a listener of their own (loopback by
 * default), so the public port that clients and load balancers reach serves ingest and health only.
 */
class AdminListenerTest {
    @TempDir
    Path dir;

    @Test
    void theDashboardAndMetricsAnswerOnlyOnTheAdminListenerAndIngestOnlyOnThePublicPort() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.set(Setting.ADMIN_PORT, "0"))) {
            URI pub = server.baseUri();
            URI admin = server.adminUri().orElseThrow();
            assertThat(admin.getHost()).isEqualTo("127.0.0.1");
            assertThat(admin.getPort()).isNotEqualTo(pub.getPort());

            String body = OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build");
            assertThat(Http.postLogs(pub, "forge-public-ingest-key", body).statusCode())
                    .isEqualTo(200);
            assertThat(Http.postLogs(admin, "forge-public-ingest-key", body).statusCode())
                    .isEqualTo(404);

            assertThat(Http.get(pub, "/metrics").statusCode()).isEqualTo(404);
            assertThat(Http.get(pub, "/login").statusCode()).isEqualTo(404);
            assertThat(Http.get(pub, "/api/overview").statusCode()).isEqualTo(404);
            assertThat(Http.get(admin, "/metrics").statusCode()).isEqualTo(200);
            assertThat(Http.text(Http.get(admin, "/metrics")))
                    .contains("candor_events_accepted_total{tool=\"forge\"} 1");
            assertThat(Http.get(admin, "/login").statusCode()).isEqualTo(200);

            for (URI either : List.of(pub, admin)) {
                assertThat(Http.text(Http.get(either, "/healthz"))).isEqualTo("ok\n");
                assertThat(Http.get(either, "/readyz").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void withoutAnAdminPortEverythingIsOnThePublicPortAndTheSamePortTwiceIsRefused() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            assertThat(server.adminUri()).isEmpty();
            assertThat(Http.get(server.baseUri(), "/metrics").statusCode()).isEqualTo(200);
            assertThat(Http.get(server.baseUri(), "/login").statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> TestCollector.start(
                        dir.resolve("other"), b -> b.set(Setting.PORT, "4999").set(Setting.ADMIN_PORT, "4999")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin-port")
                .hasMessageContaining("is port too");
    }
}
