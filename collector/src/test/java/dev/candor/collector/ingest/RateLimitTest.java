package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {
    @TempDir
    Path dir;

    private static List<HttpResponse<byte[]>> burst(CollectorServer server, int n, String... headers) {
        List<HttpResponse<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Http.postLogs(
                    server.baseUri(),
                    "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build"),
                    headers));
        }
        return out;
    }

    @Test
    void aClientNetworkOverItsRateGets429WithRetryAfter() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "1"))) {
            List<HttpResponse<byte[]>> answers = burst(server, 5);

            assertThat(answers.get(0).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> limited = answers.get(answers.size() - 1);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(Http.text(limited)).contains("\"code\":8");
        }
    }

    @Test
    void behindATrustedProxyEachForwardedNetworkHasItsOwnBudget() throws Exception {
        try (CollectorServer server = TestCollector.start(
                dir, b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "1").set(Setting.TRUSTED_PROXIES, "127.0.0.1"))) {
            assertThat(burst(server, 4, "X-Forwarded-For", "198.51.100.7"))
                    .last()
                    .extracting(HttpResponse::statusCode)
                    .isEqualTo(429);
            assertThat(burst(server, 1, "X-Forwarded-For", "203.0.113.9"))
                    .first()
                    .extracting(HttpResponse::statusCode)
                    .isEqualTo(200);
        }
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfter() throws Exception {
        try (CollectorServer server = TestCollector.start(
                dir, b -> b.set(Setting.RATE_LIMIT_PER_KEY, "1").set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            List<HttpResponse<byte[]>> answers = burst(server, 5);
            assertThat(answers).extracting(HttpResponse::statusCode).contains(200, 429);
            assertThat(answers)
                    .filteredOn(a -> a.statusCode() == 429)
                    .allSatisfy(a -> assertThat(a.headers().firstValue("Retry-After"))
                            .hasValueSatisfying(
                                    v -> assertThat(Long.parseLong(v)).isPositive()));
        }
    }

    @Test
    void oneFloodingNetworkLeavesTheToolsBudgetToOtherNetworks() throws Exception {
        try (CollectorServer server = TestCollector.start(
                dir,
                b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "1")
                        .set(Setting.RATE_LIMIT_PER_KEY, "20")
                        .set(Setting.TRUSTED_PROXIES, "127.0.0.1"))) {
            List<HttpResponse<byte[]>> flood = burst(server, 150, "X-Forwarded-For", "198.51.100.7");
            assertThat(flood)
                    .filteredOn(a -> a.statusCode() == 429)
                    .as("the flood is refused")
                    .hasSizeGreaterThan(100);
            assertThat(burst(server, 5, "X-Forwarded-For", "203.0.113.9"))
                    .as("another network of the same tool")
                    .extracting(HttpResponse::statusCode)
                    .startsWith(200, 200);
        }
    }
}
