package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.BlackHole;
import dev.candor.telemetry.testing.MutableClock;
import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    private Telemetry telemetry(URI endpoint) {
        return machine.telemetry("forge", endpoint)
                .clock(clock)
                .exitBudget(Duration.ofSeconds(5))
                .build();
    }

    /** One invocation; like a process that ends, it returns once its sender has stopped. */
    private void runOnce(Telemetry t) throws InterruptedException {
        TelemetryRun run = t.begin();
        run.command(CommandEvent.builder("build")
                .option("--configuration", "Release")
                .exitCode(0)
                .build());
        run.close();
        if (run.worker() != null) {
            assertThat(run.worker().awaitStopped(10, TimeUnit.SECONDS))
                    .as("sender stopped")
                    .isTrue();
        }
    }

    private long spooled() throws Exception {
        return machine.spooledFiles("forge");
    }

    @Test
    void eventsTravelAsGzippedOtlpJsonWithTheIngestKey() throws Exception {
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        RecordingCollector.Request r = collector.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.target()).isEqualTo("/v1/logs");
        assertThat(r.headers())
                .containsEntry("content-type", "application/json")
                .containsEntry("content-encoding", "gzip")
                .containsEntry("authorization", "Bearer forge-public-ingest-key");
        assertThat(r.raw()[0] & 0xff).isEqualTo(0x1f);
        assertThat(r.body())
                .startsWith("{\"resourceLogs\":[{\"resource\":{\"attributes\":[")
                .contains(
                        "\"eventName\":\"cli.command\"",
                        "\"key\":\"service.name\",\"value\":{\"stringValue\":\"forge\"}",
                        "\"key\":\"os.type\",\"value\":{\"stringValue\":\"linux\"}",
                        "\"key\":\"candor.runtime.id\",\"value\":{\"stringValue\":\"linux-x64\"}",
                        "\"key\":\"process.exit.code\",\"value\":{\"intValue\":\"0\"}",
                        "\"key\":\"command.options\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"--configuration\"}]}}",
                        "\"severityNumber\":9");
        assertThat(r.body()).doesNotContain("Release");
        assertThat(collector.uids()).hasSize(1);
        assertThat(spooled()).isZero();
        assertThat(Files.readString(machine.stateDir("forge").resolve("telemetry.log")))
                .contains(collector.uids().get(0));
    }

    @Test
    void aDownEndpointKeepsEventsForALaterRun() throws Exception {
        int port = freePort();
        URI down = URI.create("http://127.0.0.1:" + port);
        runOnce(telemetry(down));
        runOnce(telemetry(down));
        assertThat(spooled()).isEqualTo(2);
        try (RecordingCollector back = RecordingCollector.startOn(port)) {
            clock.advance(Duration.ofMinutes(5));
            runOnce(telemetry(down));
            assertThat(back.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
            waitUntil(() -> back.uids().size() >= 3);
            assertThat(new HashSet<>(back.uids())).hasSize(3);
        }
    }

    @Test
    void retriesAServiceUnavailableAnswerWithinTheRun() throws Exception {
        collector.thenAnswer(503);
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(2, Duration.ofSeconds(10))).isTrue();
        assertThat(collector.uids()).hasSize(2).containsOnly(collector.uids().get(0));
        waitUntil(() -> spooled() == 0);
    }

    @Test
    void retryAfterIsHonouredByLaterRunsToo() throws Exception {
        collector.thenAnswer(429, Map.of("Retry-After", "120"), "{}");
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        waitUntil(() -> Files.exists(machine.spoolDir("forge").resolve(".retry-after")));
        clock.advance(Duration.ofSeconds(60));
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(2, Duration.ofMillis(500))).isFalse();
        assertThat(spooled()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(70));
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(2, Duration.ofSeconds(10))).isTrue();
        waitUntil(() -> new HashSet<>(collector.uids()).size() == 3);
    }

    @Test
    void nonRetryableAnswersDropTheBatchWithoutRetrying() throws Exception {
        collector.thenAnswer(400, Map.of(), "{\"message\":\"bad\"}");
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        waitUntil(() -> spooled() == 0);
        assertThat(collector.awaitRequests(2, Duration.ofMillis(500))).isFalse();
    }

    @Test
    void aBlackHoledEndpointDoesNotHoldTheRunBeyondItsBudget() throws Exception {
        List<TelemetryRun> runs = new ArrayList<>();
        try (BlackHole hole = new BlackHole()) {
            Telemetry t = machine.telemetry("forge", hole.url())
                    .clock(clock)
                    .exitBudget(Duration.ofMillis(50))
                    .build();
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                try (TelemetryRun run = t.begin()) {
                    run.command(CommandEvent.builder("build").exitCode(0).build());
                    runs.add(run);
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                // The SDK's read timeout is 5 s; the run must end long before it.
                assertThat(millis).isLessThan(2000);
            }
            assertThat(spooled()).isEqualTo(2);
        }
        // The hole is closed, so the hung request fails now; unlike a process, this JVM lives on.
        for (TelemetryRun run : runs) {
            if (run.worker() != null) {
                assertThat(run.worker().awaitStopped(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void theConventionalProxyVariablesAreHonoured() throws Exception {
        machine.env.put("HTTP_PROXY", "http://127.0.0.1:" + collector.port());
        runOnce(telemetry(URI.create("http://collector.invalid:4318")));
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        assertThat(collector.requests().get(0).target()).isEqualTo("http://collector.invalid:4318/v1/logs");
    }

    @Test
    void noProxyExemptsAHost() throws Exception {
        machine.env.put("HTTP_PROXY", "http://127.0.0.1:9");
        machine.env.put("NO_PROXY", "localhost,127.0.0.1");
        runOnce(telemetry(collector.url()));
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        assertThat(collector.requests().get(0).target()).isEqualTo("/v1/logs");
    }

    @Test
    void runsSharingOneSpoolNeverSendTheSameEventTwice() throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < runs; i++) {
            pool.submit(() -> {
                start.await();
                runOnce(telemetry(collector.url()));
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        // Later invocations, a minute apart, as a user would run the tool again, until the queue is empty.
        int extra = 0;
        while (spooled() > 0 && extra < 5) {
            clock.advance(Duration.ofMinutes(1));
            runOnce(telemetry(collector.url()));
            extra++;
        }
        int generated = runs + extra;
        waitUntil(() -> new HashSet<>(collector.uids()).size() == generated);
        waitUntil(() -> spooled() == 0);
        assertThat(collector.uids()).doesNotHaveDuplicates();
    }

    /** Where a run may wait at exit (CI, an exit budget), it starts sending what is queued before parsing. */
    @Test
    void withAnExitBudgetATelemetryGivenItsCommandLineSendsWhatIsQueuedBeforeParsing() throws Exception {
        int port = freePort();
        URI down = URI.create("http://127.0.0.1:" + port);
        runOnce(telemetry(down));
        assertThat(spooled()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        try (RecordingCollector back = RecordingCollector.startOn(port)) {
            machine.telemetry("forge", down)
                    .clock(clock)
                    .exitBudget(Duration.ofSeconds(5))
                    .arguments("--no-telemetry", "build")
                    .build();
            assertThat(back.awaitRequests(1, Duration.ofMillis(500)))
                    .as("an opt-out run sends nothing")
                    .isFalse();
            machine.telemetry("forge", down)
                    .clock(clock)
                    .exitBudget(Duration.ofSeconds(5))
                    .arguments("build")
                    .build();
            assertThat(back.awaitRequests(1, Duration.ofSeconds(10)))
                    .as("sent with no run begun")
                    .isTrue();
            waitUntil(() -> spooled() == 0);
        }
    }

    /** The switch wins however it is given: in an @argfile, or "telemetry" after a global option. */
    @Test
    void aRunWhoseArgumentsMayHideAnOptOutSendsNothingBeforeParsing() throws Exception {
        int port = freePort();
        URI down = URI.create("http://127.0.0.1:" + port);
        runOnce(telemetry(down));
        assertThat(spooled()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        Files.writeString(root.resolve("args.txt"), "--no-telemetry\nbuild\n");
        try (RecordingCollector back = RecordingCollector.startOn(port)) {
            machine.telemetry("forge", down)
                    .clock(clock)
                    .exitBudget(Duration.ofSeconds(5))
                    .arguments("@" + root.resolve("args.txt"), "build")
                    .build();
            machine.telemetry("forge", down)
                    .clock(clock)
                    .exitBudget(Duration.ofSeconds(5))
                    .arguments("--verbose", "telemetry", "status")
                    .build();
            assertThat(back.awaitRequests(1, Duration.ofMillis(1500)))
                    .as("nothing sent before parsing")
                    .isFalse();
            assertThat(spooled()).isEqualTo(1);
        }
    }

    /** A port nothing listens on (until a test starts a collector there). */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls a condition that background delivery makes true, for at most 10 s. */
    static void waitUntil(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Object monitor = new Object();
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            synchronized (monitor) {
                monitor.wait(20);
            }
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }
}
