package dev.candor.collector.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.CandorRun;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candor loadgen} as an operator runs it: a summary on stdout, progress and errors on stderr. */
class LoadgenCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsAJsonSummaryForScripts() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            CandorRun run = CandorRun.of(
                    "loadgen",
                    "--url",
                    server.baseUri().toString(),
                    "--events",
                    "500",
                    "--connections",
                    "2",
                    "--machines",
                    "50",
                    "--json");

            assertThat(run.exit()).isZero();
            JsonNode summary = new ObjectMapper().readTree(run.out());
            assertThat(summary.path("eventsAcknowledged").asLong()).isEqualTo(500);
            assertThat(summary.path("statuses").path("200").asLong()).isEqualTo(5);
            assertThat(summary.path("latencyMs").path("p99").asDouble()).isPositive();
            assertThat(run.err()).contains("loadgen: " + server.baseUri() + "/v1/logs, 50 machines");
        }
    }

    @Test
    void printsAReadableSummaryAndFailsWhenNothingWasAcknowledged() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            CandorRun run = CandorRun.of(
                    "loadgen", "--url", server.baseUri().toString(), "--events", "100", "--key", "wrong-key-123");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("requests   1 (401: 1)", "0 acknowledged", "latency    p50");
        }
    }

    @Test
    void aRunWhoseRequestsAllFailLastsAsLongAsItRan() throws Exception {
        java.net.ServerSocket nobody = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        int port = nobody.getLocalPort();
        nobody.close(); // nothing listens there now

        CandorRun run = CandorRun.of(
                "loadgen", "--url", "http://127.0.0.1:" + port, "--duration", "2s", "--connections", "2", "--json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.path("seconds").asDouble()).as(run.out()).isBetween(2.0, 10.0);
        assertThat(summary.path("errors").asLong())
                .isPositive()
                .isEqualTo(summary.path("requests").asLong());
        assertThat(summary.path("firstError").asText()).contains("ConnectException");

        CandorRun text = CandorRun.of("loadgen", "--url", "http://127.0.0.1:" + port, "--duration", "1s");
        assertThat(text.out()).containsPattern("loadgen: 1\\.[0-9] s against").contains("latency    none: no request");
    }

    @Test
    void aPacedRunIsReportedOverItsWholeLength() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            CandorRun run = CandorRun.of(
                    "loadgen", "--url", server.baseUri().toString(), "--duration", "3s", "--rate", "200", "--json");

            assertThat(run.exit()).isZero();
            JsonNode summary = new ObjectMapper().readTree(run.out());
            assertThat(summary.path("seconds").asDouble()).as(run.out()).isBetween(2.9, 10.0);
            assertThat(summary.path("eventsAcknowledged").asLong()).isBetween(400L, 700L);
        }
    }

    @Test
    void aMalformedDurationIsAUsageError() {
        CandorRun run = CandorRun.of("loadgen", "--duration", "5 minutes");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--duration: '5 minutes' is not a duration");
    }

    @Test
    void anOutOfRangeSettingIsAUsageError() {
        CandorRun run = CandorRun.of("loadgen", "--batch", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("batch must be 1 to 10000 events");
    }
}
