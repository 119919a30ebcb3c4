package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsEndpointTest {
    private static final String KEY = "forge-public-ingest-key";

    @TempDir
    Path dir;

    private CollectorServer server;

    @BeforeEach
    void start() throws Exception {
        server = dev.candor.collector.testing.TestCollector.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acceptedEventsAreInTheStoreWhenTheAnswerArrives() {
        UUID uid = UUID.randomUUID();
        HttpResponse<byte[]> r =
                Http.postLogs(server.baseUri(), KEY, OtlpBodies.commands("forge", "m1", List.of(uid), "build"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.text(r)).isEqualTo("{}");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        List<List<Object>> rows = StoreQueries.rows(
                server,
                "SELECT event_id::VARCHAR, tool, tool_version, event_name, command, "
                        + "exit_code, duration_ms, os_family, runtime_id, geography, properties->>'$.\"command.option.configuration\"' FROM events");
        assertThat(rows)
                .containsExactly(List.of(
                        uid.toString(),
                        "forge",
                        "1.2.3",
                        "cli.command",
                        "build",
                        0,
                        42L,
                        "Linux",
                        "linux-x64",
                        "Unknown",
                        "Release"));
    }

    @Test
    void aResentBatchIsStoredOnce() {
        List<UUID> uids =
                IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        String body = OtlpBodies.commands("forge", "m1", uids, "build");

        assertThat(Http.postLogs(server.baseUri(), KEY, body).statusCode()).isEqualTo(200);
        assertThat(Http.postLogs(server.baseUri(), KEY, body).statusCode()).isEqualTo(200);

        assertThat(StoreQueries.count(server, "")).isEqualTo(20);
        assertThat(Http.text(Http.get(server.baseUri(), "/metrics"))).contains("candor_events_duplicate_total 20");
    }

    @Test
    void theMachineIdIsStoredOnlyAsTheServersHash() {
        Http.postLogs(
                server.baseUri(),
                KEY,
                OtlpBodies.commands("forge", "client-machine-id-123", List.of(UUID.randomUUID()), "build"));

        String stored = (String) StoreQueries.rows(server, "SELECT machine_id FROM events")
                .get(0)
                .get(0);
        assertThat(stored).matches("[0-9a-f]{64}").doesNotContain("client-machine-id-123");
        assertThat(StoreQueries.count(server, "properties::VARCHAR LIKE '%client-machine-id%'"))
                .isZero();
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        String body = OtlpBodies.commands("forge", "m1", List.of(UUID.randomUUID()), "build");

        HttpResponse<byte[]> none = Http.post(
                server.baseUri(),
                "/v1/logs",
                body.getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/json");
        HttpResponse<byte[]> wrong = Http.postLogs(server.baseUri(), "not-the-key-at-all", body);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Http.text(wrong))
                .contains("\"code\":16")
                .contains("ingest key")
                .doesNotContain("not-the-key-at-all");
        assertThat(StoreQueries.count(server, "")).isZero();
    }

    @Test
    void otherContentTypesAre415() {
        HttpResponse<byte[]> r = Http.post(
                server.baseUri(),
                "/v1/logs",
                "x".getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "text/plain",
                "Authorization",
                "Bearer " + KEY);

        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void malformedJsonIs400WithAClearMessage() {
        HttpResponse<byte[]> r = Http.postLogs(server.baseUri(), KEY, "{\"resourceLogs\":[{\"resource\":");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.text(r)).contains("\"code\":3").contains("malformed JSON");
    }

    @Test
    void unknownEventsAreRejectedAsPartialSuccessAndUnknownAttributesDropped() {
        String records = "{\"eventName\":\"cli.command\",\"timeUnixNano\":\"1\",\"attributes\":["
                + OtlpBodies.attr("log.record.uid", UUID.randomUUID().toString()) + ","
                + OtlpBodies.attr("command.path", "build") + "," + OtlpBodies.attr("user.secret.extra", "dropped-value")
                + "]},"
                + "{\"eventName\":\"made.up\",\"attributes\":["
                + OtlpBodies.attr("log.record.uid", UUID.randomUUID().toString()) + "]}";
        HttpResponse<byte[]> r =
                Http.postLogs(server.baseUri(), KEY, OtlpBodies.body(OtlpBodies.resource("forge", "m"), records));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.text(r))
                .contains("\"rejectedLogRecords\":\"1\"")
                .contains("not in the catalog")
                .contains("; 1 attribute(s) dropped: the tool's catalog does not declare them")
                .doesNotContain("user.secret.extra")
                .doesNotContain("dropped-value");
        assertThat(StoreQueries.count(server, "")).isEqualTo(1);
        assertThat(StoreQueries.count(server, "properties::VARCHAR LIKE '%dropped-value%'"))
                .isZero();
        assertThat(Http.text(Http.get(server.baseUri(), "/metrics")))
                .contains("candor_events_rejected_total{reason=\"unknown_event\"} 1")
                .contains("candor_attributes_dropped_total 1");
    }

    @Test
    void recordsOfAnotherToolAreRejected() {
        HttpResponse<byte[]> r = Http.postLogs(
                server.baseUri(), KEY, OtlpBodies.commands("other-tool", "m", List.of(UUID.randomUUID()), "build"));

        assertThat(Http.text(r)).contains("\"rejectedLogRecords\":\"1\"");
        assertThat(StoreQueries.count(server, "")).isZero();
    }

    @Test
    void protobufRequestsGetProtobufAnswers() throws Exception {
        byte[] body = ProtobufBodies.oneCommand("forge", UUID.randomUUID(), "pack");
        HttpResponse<byte[]> r = Http.post(
                server.baseUri(),
                "/v1/logs",
                body,
                "Content-Type",
                "application/x-protobuf",
                "Authorization",
                "Bearer " + KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(ExportLogsServiceResponse.parseFrom(r.body()).hasPartialSuccess())
                .isFalse();
        assertThat(StoreQueries.count(server, "command = 'pack'")).isEqualTo(1);
    }

    @Test
    void garbageProtobufIs400InProtobuf() {
        HttpResponse<byte[]> r = Http.post(
                server.baseUri(),
                "/v1/logs",
                new byte[] {(byte) 0xff, 1, 2, 3},
                "Content-Type",
                "application/x-protobuf",
                "Authorization",
                "Bearer " + KEY);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    }

    @Test
    void aGzipBombIs413() {
        byte[] zeros = new byte[64 << 20]; // 64 MiB of zeros: about 64 KB compressed
        HttpResponse<byte[]> r = Http.post(
                server.baseUri(),
                "/v1/logs",
                Http.gzip(zeros),
                "Content-Type",
                "application/json",
                "Content-Encoding",
                "gzip",
                "Authorization",
                "Bearer " + KEY);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.text(r)).contains("after decompression");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeItIsSent() throws Exception {
        // Only the headers go out: the collector answers from Content-Length alone, without reading a byte of the body.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Authorization: Bearer " + KEY + "\r\nContent-Length: " + (5 << 20) + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readNBytes(512), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("larger than 4194304 bytes");
        }
    }

    /** As most clients do: the whole body is sent, then the answer read; it must be the 413, not a reset. */
    @Test
    void aClientThatSendsAnOversizedBodyWholeReadsThe413() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                java.io.OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Authorization: Bearer " + KEY + "\r\nContent-Length: " + (5 << 20) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                for (int sent = 0; sent < (5 << 20); sent += chunk.length) {
                    out.write(chunk); // a reset here (broken pipe) is the failure this test is about
                }
                out.flush();
                String answer = new String(socket.getInputStream().readNBytes(512), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 413 ").contains("larger than 4194304 bytes");
            }
        }
    }

    /** A client that is not ours sends a value the catalog's closed set does not hold: it is stored as <other>. */
    @Test
    void aValueOutsideTheCatalogsClosedSetIsStoredAsOther() {
        String body = OtlpBodies.body(
                OtlpBodies.resource("forge", "m-closed"),
                "{\"eventName\":\"cli.command\",\"attributes\":["
                        + OtlpBodies.attr("log.record.uid", UUID.randomUUID().toString()) + ","
                        + OtlpBodies.attr("command.path", "auto-train")
                        + "," + OtlpBodies.attr("command.option.task", "acme-layoffs-2027") + "]}");
        assertThat(Http.postLogs(server.baseUri(), KEY, body).statusCode()).isEqualTo(200);
        assertThat(StoreQueries.rows(server, "SELECT properties::VARCHAR FROM events WHERE command = 'auto-train'")
                        .toString())
                .contains("<other>")
                .doesNotContain("acme-layoffs");
    }

    @Test
    void healthAndMetricsAnswer() {
        assertThat(Http.text(Http.get(server.baseUri(), "/healthz"))).isEqualTo("ok\n");
        Http.postLogs(server.baseUri(), KEY, OtlpBodies.commands("forge", "m1", List.of(UUID.randomUUID()), "build"));
        assertThat(StoreQueries.count(server, "")).isEqualTo(1); // DuckDB commits behind the journal's answer

        String metrics = Http.text(Http.get(server.baseUri(), "/metrics"));
        assertThat(metrics)
                .contains("candor_http_requests_total{route=\"/v1/logs\",status=\"200\"} 1")
                .contains("candor_events_stored_total 1")
                .contains("candor_store_commit_seconds_count")
                .contains("candor_store_queue_events 0")
                .contains("candor_journal_sync_seconds_count 1")
                .containsPattern("candor_journal_bytes [1-9]");
    }

    @Test
    void getOnTheIngestPathIs405() {
        assertThat(Http.get(server.baseUri(), "/v1/logs").statusCode()).isEqualTo(405);
        assertThat(Http.get(server.baseUri(), "/nothing-here").statusCode()).isEqualTo(404);
    }
}
