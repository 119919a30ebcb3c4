package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.common.OwnerProof;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and hostile requests from a planted client address: no answer, and no line of the
 * collector's log, carries that address, a stack trace or the server secret.
 */
class NoAddressLeaksTest {
    private static final String CLIENT = "203.0.113.77";
    private static final String KEY = "forge-public-ingest-key";

    @TempDir
    Path dir;

    @Test
    void badRequestsLeaveNoAddressStackOrSecretInAnswersOrLogs() throws Exception {
        Path log = dir.resolve("collector.log");
        List<String> answers = new ArrayList<>();
        try (CollectorProcess c =
                CollectorProcess.start(dir.resolve("data"), log, Map.of("CANDOR_TRUSTED_PROXIES", "127.0.0.1"))) {
            String xff = CLIENT;
            List<HttpResponse<byte[]>> rs = new ArrayList<>();
            rs.add(Http.postLogs(c.baseUri(), KEY, "{\"resourceLogs\":[{\"x\":" + CLIENT, "X-Forwarded-For", xff));
            rs.add(Http.postLogs(c.baseUri(), "wrong-key-" + CLIENT, "{}", "X-Forwarded-For", xff));
            rs.add(Http.post(
                    c.baseUri(),
                    "/v1/logs",
                    new byte[] {31, (byte) 139, 8, 0, 1, 2},
                    "Content-Type",
                    "application/json",
                    "Content-Encoding",
                    "gzip",
                    "Authorization",
                    "Bearer " + KEY,
                    "X-Forwarded-For",
                    xff));
            rs.add(Http.post(
                    c.baseUri(),
                    "/v1/logs",
                    new byte[] {1},
                    "Content-Type",
                    "text/" + CLIENT,
                    "Authorization",
                    "Bearer " + KEY,
                    "X-Forwarded-For",
                    xff));
            rs.add(Http.post(
                    c.baseUri(),
                    "/v1/logs",
                    Http.gzip(new byte[8 << 20]),
                    "Content-Type",
                    "application/json",
                    "Content-Encoding",
                    "gzip",
                    "Authorization",
                    "Bearer " + KEY,
                    "X-Forwarded-For",
                    xff));
            rs.add(Http.postLogs(
                    c.baseUri(),
                    KEY,
                    OtlpBodies.commands("forge", CLIENT, List.of(UUID.randomUUID()), CLIENT),
                    "X-Forwarded-For",
                    xff));
            rs.add(Http.postLogs(
                    c.baseUri(),
                    KEY,
                    OtlpBodies.body(OtlpBodies.resource("forge", "m"), "{\"eventName\":\"" + CLIENT + "\"}"),
                    "X-Forwarded-For",
                    xff));
            rs.add(Http.post(
                    c.baseUri(),
                    "/v1/forget",
                    OwnerRequests.body("/v1/forget", "forge", CLIENT, OwnerProof.generate())
                            .getBytes(StandardCharsets.UTF_8),
                    "Content-Type",
                    "application/json",
                    "Authorization",
                    "Bearer " + KEY,
                    "X-Forwarded-For",
                    xff));
            rs.add(Http.get(c.baseUri(), "/" + CLIENT + "/admin"));
            for (HttpResponse<byte[]> r : rs) {
                assertThat(r.statusCode()).isBetween(200, 499);
                answers.add(r.statusCode() + " " + r.headers().map() + " " + Http.text(r));
            }
            answers.add(raw(
                    c,
                    "GET /" + CLIENT + " HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: " + CLIENT
                            + "\r\nBad Header\r\n\r\n"));
            answers.add(
                    raw(c, "POST /v1/logs HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + CLIENT + "\r\n\r\n"));
            answers.add(raw(c, "\u0000\u0001garbage " + CLIENT + "\r\n\r\n"));
            c.kill();
        }

        String secret = Files.readString(dir.resolve("data/server.secret")).strip();
        String logText = Files.readString(log);
        for (String a : answers) {
            assertThat(a)
                    .doesNotContain(CLIENT)
                    .doesNotContain("203.0.113")
                    .doesNotContain(secret)
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        assertThat(logText)
                .doesNotContain(CLIENT)
                .doesNotContain("203.0.113")
                .doesNotContain(secret)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    private static String raw(CollectorProcess c, String request) throws Exception {
        try (Socket s = new Socket(c.baseUri().getHost(), c.baseUri().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = in.readNBytes(4096);
            return new String(buf, StandardCharsets.ISO_8859_1);
        }
    }
}
