package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "I added an event": the tool's catalog file is exported again, the operator sends SIGHUP, and the
 * running collector accepts the new event; a catalog that does not load changes nothing, and SIGHUP
 * never stops the collector.
 */
class CatalogReloadTest {
    private static final String KEY = "forge-public-ingest-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sighupPutsTheEditedCatalogInUseAndABrokenOneChangesNothing() throws Exception {
        JsonNode full;
        try (InputStream in = getClass().getResourceAsStream("/catalogs/forge.json")) {
            full = JSON.readTree(in);
        }
        ObjectNode older = full.deepCopy();
        ArrayNode events = (ArrayNode) older.get("events");
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).path("name").asText().equals("tests.completed")) {
                events.remove(i);
            }
        }
        Path catalog = dir.resolve("forge.json");
        Files.writeString(catalog, JSON.writeValueAsString(older));
        Path log = dir.resolve("collector.log");

        try (CollectorProcess c =
                CollectorProcess.start(dir.resolve("data"), log, Map.of(), "--tool", "forge:" + KEY + ":" + catalog)) {
            assertThat(rejected(c)).as("the event is not in the catalog yet").isEqualTo(1);

            Files.writeString(catalog, JSON.writeValueAsString(full));
            hangup(c);
            Eventually.within(
                    Duration.ofSeconds(20),
                    "the reload is logged",
                    () -> Files.readString(log).contains("tools reloaded: forge: catalog 4 events"));
            assertThat(rejected(c)).as("accepted after the reload").isZero();

            Files.writeString(catalog, "{ not json");
            hangup(c);
            Eventually.within(
                    Duration.ofSeconds(20),
                    "the refusal is logged",
                    () -> Files.readString(log)
                            .contains("reload refused, the tools in use are unchanged: catalog " + catalog
                                    + " is not valid JSON"));
            assertThat(c.exitsWithin(Duration.ofMillis(500)))
                    .as("SIGHUP does not stop it")
                    .isFalse();
            assertThat(rejected(c)).as("the last good catalog stays in use").isZero();
        }
    }

    /** Posts one tests.completed event; how many the collector refused. */
    private static long rejected(CollectorProcess c) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String record = "{\"timeUnixNano\":\"" + now + "\",\"severityNumber\":9,\"eventName\":\"tests.completed\","
                + "\"attributes\":["
                + OtlpBodies.attr("log.record.uid", UUID.randomUUID().toString()) + ","
                + OtlpBodies.attr("runner", "forge-test") + "]}";
        HttpResponse<byte[]> r =
                Http.postLogs(c.baseUri(), KEY, OtlpBodies.body(OtlpBodies.resource("forge", "a".repeat(64)), record));
        assertThat(r.statusCode()).isEqualTo(200);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        JsonNode answer = JSON.readTree(body.isEmpty() ? "{}" : body);
        return answer.path("partialSuccess").path("rejectedLogRecords").asLong(0);
    }

    private static void hangup(CollectorProcess c) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(c.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
