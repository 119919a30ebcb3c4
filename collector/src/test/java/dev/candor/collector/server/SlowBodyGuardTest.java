package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code min-request-data-rate} judges the sender, from its body's first bytes: a whole body that comes
 * a while after the headers (a busy client, or a collector that looked for it before it was there) is
 * not a trickle. A CI run once got a 408 for a valid request that way, on a loaded machine.
 */
class SlowBodyGuardTest {
    private static final String KEY = "forge-public-ingest-key";

    @TempDir
    Path dir;

    private static byte[] head(URI base, int length) {
        return ("POST /v1/logs HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nAuthorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int status(InputStream in) throws Exception {
        String line = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
        assertThat(line).startsWith("HTTP/1.1 ");
        return Integer.parseInt(line.substring(9, 12));
    }

    @Test
    void aWholeBodyThatFollowsItsHeadersLateIsAccepted() throws Exception {
        byte[] body = OtlpBodies.commands("forge", "machine-late", List.of(UUID.randomUUID()), "build")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(body.length)
                .as("less than a second and a half at the minimum rate")
                .isLessThan(1536);
        try (CollectorServer server = TestCollector.start(dir);
                Socket s = new Socket("127.0.0.1", server.baseUri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(head(server.baseUri(), body.length));
            out.flush();
            Thread.sleep(1_500); // the collector asks for the body and finds none yet
            out.write(body);
            out.flush();
            s.setSoTimeout(10_000);
            assertThat(status(s.getInputStream())).isEqualTo(200);
        }
    }

    @Test
    void aBodyThatTricklesIsStillCutOff() throws Exception {
        byte[] body = OtlpBodies.commands("forge", "machine-slow", List.of(UUID.randomUUID()), "build")
                .getBytes(StandardCharsets.UTF_8);
        try (CollectorServer server = TestCollector.start(dir);
                Socket s = new Socket("127.0.0.1", server.baseUri().getPort())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(head(server.baseUri(), body.length));
            out.flush();
            s.setSoTimeout(250);
            long started = System.nanoTime();
            for (int sent = 0; sent < body.length; sent += 2) {
                out.write(body, sent, Math.min(2, body.length - sent));
                out.flush();
                try {
                    int first = in.read();
                    assertThat(first).isEqualTo('H');
                    String rest = new String(in.readNBytes(11), StandardCharsets.ISO_8859_1);
                    assertThat(rest.substring(8, 11)).isEqualTo("408");
                    assertThat((System.nanoTime() - started) / 1_000_000)
                            .as("cut off soon after the grace second")
                            .isLessThan(5_000);
                    return;
                } catch (java.net.SocketTimeoutException noAnswerYet) {
                    // keep trickling
                }
            }
            throw new AssertionError("the trickle was never cut off");
        }
    }
}
