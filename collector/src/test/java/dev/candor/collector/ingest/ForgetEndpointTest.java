package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgetEndpointTest {
    private static final String KEY = "forge-public-ingest-key";

    @TempDir
    Path dir;

    private CollectorServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestCollector.start(dir, b -> b.tool("forge:" + KEY).tool("other:other-key-123"));
        Http.postLogs(
                server.baseUri(),
                KEY,
                OtlpBodies.commands("forge", "machine-a", List.of(UUID.randomUUID(), UUID.randomUUID()), "build"));
        Http.postLogs(
                server.baseUri(), KEY, OtlpBodies.commands("forge", "machine-b", List.of(UUID.randomUUID()), "build"));
        Http.postLogs(
                server.baseUri(),
                "other-key-123",
                OtlpBodies.commands("other", "machine-a", List.of(UUID.randomUUID()), "x"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> forget(String key, String body) {
        return Http.post(
                server.baseUri(),
                "/v1/forget",
                Http.gzip(body.getBytes(StandardCharsets.UTF_8)),
                "Content-Type",
                "application/json",
                "Content-Encoding",
                "gzip",
                "Authorization",
                "Bearer " + key);
    }

    @Test
    void deletesEveryEventOfThatMachineOfThatToolOnly() {
        HttpResponse<byte[]> r = forget(KEY, "{\"machineId\":\"machine-a\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.text(r)).isEqualTo("{}");
        assertThat(StoreQueries.count(server, "tool = 'forge'")).isEqualTo(1);
        assertThat(StoreQueries.count(server, "tool = 'other'"))
                .as("the same machine in another tool")
                .isEqualTo(1);
        assertThat(Http.text(Http.get(server.baseUri(), "/metrics")))
                .as("the operator's count")
                .contains("candor_events_forgotten_total 2");
        HttpResponse<byte[]> again = forget(KEY, "{\"machineId\":\"machine-a\"}");
        HttpResponse<byte[]> never = forget(KEY, "{\"machineId\":\"machine-that-never-sent\"}");
        assertThat(List.of(again.statusCode(), Http.text(again), never.statusCode(), Http.text(never)))
                .as("the answer says nothing of whether the machine sent anything, or how much")
                .containsExactly(200, "{}", 200, "{}");
    }

    @Test
    void needsTheKeyAndAWellFormedId() {
        assertThat(forget("wrong-key-000", "{\"machineId\":\"machine-a\"}").statusCode())
                .isEqualTo(401);
        assertThat(forget(KEY, "{\"machineId\":\"../../etc\"}").statusCode()).isEqualTo(400);
        assertThat(forget(KEY, "{\"machineId\":42}").statusCode()).isEqualTo(400);
        assertThat(forget(KEY, "not json").statusCode()).isEqualTo(400);
        assertThat(StoreQueries.count(server, "")).isEqualTo(4);
    }
}
