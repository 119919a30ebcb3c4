package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed requests (headers over the limit, bytes that are not HTTP) from clients that hang up as
 * soon as the answer starts: Jetty 12.1.14 releases such a connection's request buffer twice, and
 * with its pooled buffers that buffer then served two connections at once. Seen as requests parsed
 * from another connection's bytes: "multiple Host headers" on requests that sent one, valid requests
 * answered 431 or 405 or not at all (docs/RELIABILITY.md, "The pooled-buffer race"). The collector's
 * buffers are never shared ({@link UnsharedBufferPool}); this test failed in 8 s of such traffic with
 * Jetty's pool, and must find no trace of one connection's bytes in another.
 */
class MalformedRequestIsolationTest {
    private static final String KEY = "forge-public-ingest-key";

    @TempDir
    Path dir;

    @Test
    void malformedRequestsThatHangUpEarlyNeverReachAnotherConnection() throws Exception {
        Path log = dir.resolve("collector.log");
        Map<Integer, Long> validAnswers = new ConcurrentHashMap<>();
        AtomicLong malformed = new AtomicLong();
        try (CollectorProcess c = CollectorProcess.start(
                dir.resolve("data"),
                log,
                Map.of("CANDOR_RATE_LIMIT_PER_NETWORK", "0", "CANDOR_RATE_LIMIT_PER_KEY", "0"))) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                long seed = t;
                threads.add(start(() -> {
                    Random r = new Random(seed);
                    while (System.nanoTime() < end) {
                        malformed(c.baseUri(), r);
                        malformed.incrementAndGet();
                    }
                }));
            }
            for (int t = 0; t < 2; t++) {
                threads.add(start(() -> {
                    while (System.nanoTime() < end) {
                        int status = Http.postLogs(
                                        c.baseUri(),
                                        KEY,
                                        OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build"))
                                .statusCode();
                        validAnswers.merge(status, 1L, Long::sum);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            c.kill();
        }
        String text = Files.readString(log);
        System.out.println("malformed-request isolation: malformed=" + malformed + " valid answers=" + validAnswers);
        assertThat(malformed.get())
                .as("enough malformed traffic to meet the race")
                .isGreaterThan(2_000);
        assertThat(validAnswers).as("valid requests").containsOnlyKeys(200);
        assertThat(text).as("a request parsed from two connections' bytes").doesNotContain("multiple `Host` headers");
        assertThat(text)
                .as("a buffer released twice")
                .doesNotContain("already released")
                .doesNotContain("\tat ");
    }

    /**
     * The cause, without the race: a connection that released its buffer once too often still uses it.
     * Jetty's pool hands that buffer to the next connection; the collector's never hands out one twice.
     */
    @Test
    void aReleasedBufferIsNeverHandedToAnotherConnection() throws Exception {
        try (CollectorServer server = dev.candor.collector.testing.TestCollector.start(dir.resolve("data"))) {
            org.eclipse.jetty.io.ByteBufferPool pool = server.bufferPool();
            org.eclipse.jetty.io.RetainableByteBuffer stillInUse = pool.acquire(16 * 1024, true);
            stillInUse.release();
            stillInUse.release(); // the second release of the race: harmless, not a failure
            for (int i = 0; i < 100; i++) {
                org.eclipse.jetty.io.RetainableByteBuffer next = pool.acquire(16 * 1024, true);
                assertThat(next.getByteBuffer())
                        .as("a buffer another connection still holds")
                        .isNotSameAs(stillInUse.getByteBuffer());
                next.release();
            }
        }
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r, "malformed-traffic");
        t.start();
        return t;
    }

    /** One malformed request on a connection of its own, hung up after the first bytes of the answer. */
    private static void malformed(URI base, Random r) {
        byte[] request;
        if (r.nextInt(8) == 0) {
            request = new byte[1 + r.nextInt(2048)];
            r.nextBytes(request);
        } else {
            request = ("POST /v1/logs HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(64 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(200); // random bytes may read as the start of a request the collector waits on
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedWhileSending) {
                return;
            }
            InputStream in = s.getInputStream();
            in.readNBytes(12);
        } catch (IOException e) {
            // a garbage request the collector waits on, or a reset: either way this connection is done
        }
    }
}
