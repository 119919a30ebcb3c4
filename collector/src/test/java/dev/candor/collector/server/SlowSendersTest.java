package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow senders against the collector as its own process, while valid traffic goes on: bodies that
 * trickle in two bytes at a time, bodies that stop half-way and hold the connection, and valid
 * requests whose headers trickle. More stalled connections than the collector has HTTP threads (200):
 * since the handlers read bodies asynchronously, none of them holds a thread, valid requests keep their
 * latency, the trickles are cut off by {@code min-request-data-rate} and the stalls by
 * {@code idle-timeout-ms}, and nothing is answered 5xx. 400 slow senders in every build;
 * {@code -Dcandor.slow.senders=N} runs more ({@code collector/scripts/hostile.sh} prints the figures).
 */
class SlowSendersTest {
    private static final String KEY = "forge-public-ingest-key";
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
    private static final int HTTP_THREADS = 200;
    private static final int VALID_PER_PHASE = 200;
    /** A status for "the collector closed the connection without an answer". */
    private static final int CLOSED = 599;
    /** A status for "the collector let the slow sender finish" (only right for trickled headers). */
    private static final int NEVER_CUT = 0;

    @TempDir
    Path dir;

    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<UUID> cutOff = ConcurrentHashMap.newKeySet();
    private final Map<String, SortedMap<Integer, Long>> outcomes = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> slowestCutMillis = new ConcurrentHashMap<>();

    @Test
    void slowSendersAreCutOffWithoutHoldingThreadsOrSlowingValidTraffic() throws Exception {
        int slow = Integer.getInteger("candor.slow.senders", 400);
        Path data = dir.resolve("data");
        Path log = dir.resolve("collector.log");
        Phase baseline;
        Phase underSlowSenders;
        long peakThreads = 0;
        try (CollectorProcess collector = CollectorProcess.start(
                data,
                log,
                Map.of(
                        "CANDOR_RATE_LIMIT_PER_NETWORK",
                        "0",
                        "CANDOR_RATE_LIMIT_PER_KEY",
                        "0",
                        "CANDOR_IDLE_TIMEOUT_MS",
                        Long.toString(IDLE_TIMEOUT.toMillis())))) {
            URI base = collector.baseUri();
            validTraffic(base); // warms both JVMs up, so that the two measured phases compare like with like
            baseline = validTraffic(base);

            CountDownLatch holding = new CountDownLatch(slow);
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                String kind = switch (i % 8) {
                    case 5, 6 -> "trickle-body";
                    case 7 -> "trickle-headers";
                    default -> "stall-mid-body";
                };
                Thread t = new Thread(() -> slowSender(base, kind, holding), "slow-" + i);
                t.setDaemon(true);
                t.start();
                senders.add(t);
            }
            assertThat(holding.await(60, TimeUnit.SECONDS))
                    .as("slow senders connected and sending")
                    .isTrue();
            peakThreads = Math.max(peakThreads, collector.procStatus("Threads"));
            underSlowSenders = validTraffic(base);
            peakThreads = Math.max(peakThreads, collector.procStatus("Threads"));
            for (Thread t : senders) {
                t.join(TimeUnit.SECONDS.toMillis(90));
                assertThat(t.isAlive())
                        .as("%s still waiting for the collector", t.getName())
                        .isFalse();
            }
            assertThat(Http.text(Http.get(base, "/healthz")))
                    .as("still serving")
                    .isEqualTo("ok\n");
            collector.kill();
        }
        List<UUID> stored = CollectorProcess.storedEventIds(data, log).stream()
                .map(UUID::fromString)
                .toList();

        System.out.printf(
                Locale.ROOT,
                "slow senders: %d (idle-timeout-ms=%d, min-request-data-rate=1024 B/s) by kind and status=%s"
                        + " slowest cut-off ms=%s; valid requests without: p50=%.1f ms p99=%.1f ms %.0f events/s; with: p50=%.1f ms"
                        + " p99=%.1f ms max=%.1f ms %.0f events/s; collector threads at most %d (HTTP pool %d)%n",
                slow,
                IDLE_TIMEOUT.toMillis(),
                outcomes,
                slowestCutMillis,
                baseline.p50(),
                baseline.p99(),
                baseline.eventsPerSecond(),
                underSlowSenders.p50(),
                underSlowSenders.p99(),
                underSlowSenders.max(),
                underSlowSenders.eventsPerSecond(),
                peakThreads,
                HTTP_THREADS);

        assertThat(baseline.statuses()).as("valid requests before").containsOnlyKeys(200);
        assertThat(underSlowSenders.statuses())
                .as("valid requests beside the slow senders")
                .containsOnlyKeys(200);
        // Were a stalled body holding a thread, the pool would be spent and valid requests would wait for the idle
        // timeout.
        assertThat(peakThreads).as("collector threads").isLessThan(HTTP_THREADS);
        assertThat(underSlowSenders.max()).as("slowest valid request, ms").isLessThan(IDLE_TIMEOUT.toMillis());
        assertThat(outcomes.get("stall-mid-body").keySet())
                .as("stalled bodies")
                .isNotEmpty()
                .allMatch(s -> s == CLOSED || s >= 400 && s < 500);
        assertThat(outcomes.get("trickle-body").keySet())
                .as("trickled bodies")
                .isNotEmpty()
                .allMatch(s -> s == CLOSED || s >= 400 && s < 500);
        assertThat(outcomes.get("trickle-headers"))
                .as("valid requests with trickled headers")
                .containsOnlyKeys(200);
        assertThat(slowestCutMillis.get("stall-mid-body").get())
                .as("stalls closed by the idle timeout, ms")
                .isBetween(IDLE_TIMEOUT.toMillis() - 500, IDLE_TIMEOUT.toMillis() + 10_000);
        assertThat(slowestCutMillis.get("trickle-body").get())
                .as("trickles cut off, ms")
                .isLessThan(10_000);
        assertThat(stored)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged)
                .doesNotContainAnyElementsOf(cutOff);
        assertThat(Files.readString(log)).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Four clients sending {@link #VALID_PER_PHASE} valid batches of 20 events between them. */
    private Phase validTraffic(URI base) throws InterruptedException {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Long> statuses = new ConcurrentSkipListMap<>();
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                while (next.getAndIncrement() < VALID_PER_PHASE) {
                    List<UUID> uids = uids(20);
                    long t0 = System.nanoTime();
                    int status = Http.postLogs(
                                    base, KEY, OtlpBodies.commands("forge", "m-" + uids.get(0), uids, "build"))
                            .statusCode();
                    nanos.add(System.nanoTime() - t0);
                    statuses.merge(status, 1L, Long::sum);
                    if (status == 200) {
                        acknowledged.addAll(uids);
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = nanos.stream().sorted().toList();
        return new Phase(
                statuses,
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6,
                VALID_PER_PHASE * 20 / seconds);
    }

    private record Phase(Map<Integer, Long> statuses, double p50, double p99, double max, double eventsPerSecond) {}

    private void slowSender(URI base, String kind, CountDownLatch holding) {
        List<UUID> uids = uids(20);
        byte[] body = OtlpBodies.commands("forge", "slow-" + uids.get(0), uids, "build")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /v1/logs HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nAuthorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        int status;
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            switch (kind) {
                case "stall-mid-body" -> {
                    out.write(head);
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    holding.countDown();
                    started = System.nanoTime();
                    status = answer(s, in, IDLE_TIMEOUT.plusSeconds(30));
                }
                case "trickle-body" -> {
                    out.write(head);
                    out.flush();
                    holding.countDown();
                    status = trickle(s, out, in, body, 2, Duration.ofMillis(200));
                }
                default -> {
                    holding.countDown();
                    status = trickle(s, out, in, head, 4, Duration.ofMillis(50));
                    if (status == NEVER_CUT) {
                        out.write(body);
                        out.flush();
                        status = answer(s, in, Duration.ofSeconds(30));
                    }
                }
            }
        } catch (IOException e) {
            holding.countDown();
            status = CLOSED;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        outcomes.computeIfAbsent(kind, k -> new ConcurrentSkipListMap<>()).merge(status, 1L, Long::sum);
        if (status == 200) {
            acknowledged.addAll(uids);
        } else {
            cutOff.addAll(uids);
            slowestCutMillis.computeIfAbsent(kind, k -> new AtomicLong()).accumulateAndGet(millis, Math::max);
        }
    }

    /**
     * Sends {@code bytes} a few at a time. The pause between writes is a read that waits for the
     * collector's answer, so a cut-off is seen at once. Returns the answer's status, {@link #CLOSED},
     * or {@link #NEVER_CUT} when everything went out unanswered.
     */
    private static int trickle(Socket s, OutputStream out, InputStream in, byte[] bytes, int step, Duration pause)
            throws IOException {
        for (int sent = 0; sent < bytes.length; sent += step) {
            try {
                out.write(bytes, sent, Math.min(step, bytes.length - sent));
                out.flush();
            } catch (IOException closed) {
                return answer(s, in, Duration.ofSeconds(1));
            }
            s.setSoTimeout((int) pause.toMillis());
            try {
                int first = in.read();
                return first < 0 ? CLOSED : status(first, in);
            } catch (SocketTimeoutException noAnswerYet) {
                // keep trickling
            }
        }
        return NEVER_CUT;
    }

    /** The status of the collector's answer, {@link #CLOSED} if it hung up without one, {@link #NEVER_CUT} if it still held on. */
    private static int answer(Socket s, InputStream in, Duration timeout) {
        try {
            s.setSoTimeout((int) timeout.toMillis());
            int first = in.read();
            return first < 0 ? CLOSED : status(first, in);
        } catch (SocketTimeoutException e) {
            return NEVER_CUT;
        } catch (IOException e) {
            return CLOSED;
        }
    }

    private static int status(int first, InputStream in) throws IOException {
        String line = (char) first + new String(in.readNBytes(11), StandardCharsets.ISO_8859_1);
        return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : CLOSED;
    }

    private static List<UUID> uids(int n) {
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(UUID.randomUUID());
        }
        return out;
    }
}
