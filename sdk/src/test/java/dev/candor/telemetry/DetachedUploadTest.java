package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive runs (no exit budget) send nothing from their own process: a detached uploader, a JVM
 * of its own started from the SDK's classes, sends what they queued, without a later run, and ends.
 */
class DetachedUploadTest {
    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        awaitNoUploader();
        collector.close();
    }

    private Telemetry telemetry(Duration uploadDelay) {
        return machine.telemetry("forge", collector.url())
                .catalog(RecordingTest.catalog())
                .uploadDelay(uploadDelay)
                .build();
    }

    private static void run(Telemetry t, String command) {
        try (TelemetryRun run = t.begin()) {
            run.command(CommandEvent.builder(command).exitCode(0).build());
        }
    }

    @Test
    void aShortRunsEventsArriveWithNoLaterRunAndTheUploaderEnds() throws Exception {
        run(telemetry(Duration.ZERO), "build");
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(30)))
                .as("sent by the detached uploader")
                .isTrue();
        assertThat(collector.uids()).hasSize(1);
        awaitNoUploader();
        assertThat(machine.spooledFiles("forge")).as("nothing left queued").isZero();
        Path log = machine.stateDir("forge").resolve("uploads.log");
        assertThat(Files.readString(log))
                .contains("uploader: queue empty; sent 1 event(s) in 1 file(s), 1 request(s)")
                .contains("last answer HTTP 200")
                .contains("cpu_ms=");
        assertThat(Files.readString(machine.stateDir("forge").resolve("telemetry.log")))
                .as("the trace of what left")
                .contains("\"cli.command\"");
    }

    @Test
    void runsWithinTheBatchingWindowShareOneUploaderAndOneRequest() throws Exception {
        Telemetry t = telemetry(Duration.ofSeconds(3));
        for (int i = 0; i < 5; i++) {
            run(t, "build");
        }
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(30))).isTrue();
        awaitNoUploader();
        assertThat(new HashSet<>(collector.uids())).hasSize(5);
        assertThat(collector.requests()).as("one batch").hasSize(1);
        assertThat(Files.readAllLines(machine.stateDir("forge").resolve("uploads.log")))
                .as("one uploader")
                .hasSize(1);
    }

    @Test
    void aFullBatchIsSentBeforeTheWindowEnds() throws Exception {
        Telemetry t = telemetry(Duration.ofSeconds(30));
        long start = System.nanoTime();
        for (int i = 0; i < 64; i++) {
            run(t, "build");
        }
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(20)))
                .as("64 queued files are a batch: sent well before the 30 s window has passed")
                .isTrue();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(25));
        awaitNoUploader();
        assertThat(new HashSet<>(collector.uids())).hasSize(64);
    }

    @Test
    void anOptOutDeletesWhatWasQueuedAndTheWaitingUploaderSendsNothing() throws Exception {
        run(telemetry(Duration.ofSeconds(3)), "build");
        assertThat(machine.spooledFiles("forge")).isEqualTo(1);
        machine.env.put("FORGE_TELEMETRY_OPTOUT", "1");
        run(telemetry(Duration.ofSeconds(3)), "build");
        assertThat(machine.spooledFiles("forge")).as("deleted at the opt-out").isZero();
        awaitNoUploader();
        assertThat(collector.requests()).as("nothing left the machine").isEmpty();
    }

    @Test
    void aOneRunSwitchKeepsWhatEarlierRunsQueued() throws Exception {
        run(telemetry(Duration.ofSeconds(2)), "build");
        try (TelemetryRun off = telemetry(Duration.ofSeconds(2)).begin(Scope.COLLECTED, RunSwitch.OFF)) {
            off.command(CommandEvent.builder("build").exitCode(0).build());
        }
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(30))).isTrue();
        awaitNoUploader();
        assertThat(collector.uids())
                .as("the earlier run's event, not the --no-telemetry run's")
                .hasSize(1);
    }

    @Test
    void theUploaderGoesThroughTheProxyTheEnvironmentNamesAndAroundItForNoProxyHosts() throws Exception {
        // The collector's host does not resolve: only a request through the proxy (the recorder) can arrive.
        java.net.URI unresolvable = java.net.URI.create("http://collector.invalid:4318");
        machine.env.put("HTTP_PROXY", "http://127.0.0.1:" + collector.port());
        Telemetry viaProxy = machine.telemetry("forge", unresolvable)
                .catalog(RecordingTest.catalog())
                .uploadDelay(Duration.ZERO)
                .build();
        run(viaProxy, "build");
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(30))).isTrue();
        assertThat(collector.requests().get(0).target())
                .as("a proxy request names the whole URL")
                .isEqualTo("http://collector.invalid:4318/v1/logs");
        awaitNoUploader();

        machine.env.put("NO_PROXY", "localhost,.invalid");
        Telemetry direct = machine.telemetry("forge", unresolvable)
                .catalog(RecordingTest.catalog())
                .uploadDelay(Duration.ZERO)
                .build();
        run(direct, "build");
        awaitNoUploader();
        assertThat(collector.requests())
                .as("NO_PROXY: straight to the host, which does not resolve")
                .hasSize(1);
        assertThat(machine.spooledFiles("forge")).as("kept for later").isEqualTo(1);
        assertThat(Files.readString(machine.stateDir("forge").resolve("uploads.log")))
                .contains("UnknownHostException");
    }

    /** Until no uploader for this test's state folder runs (each ends within its lifetime). */
    private void awaitNoUploader() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(70);
        awaitStarted(machine.spoolDir("forge"));
        // A shell that is starting an uploader forks it: look again until none is left.
        for (List<ProcessHandle> running = uploaders(machine.stateDir("forge"));
                !running.isEmpty();
                running = uploaders(machine.stateDir("forge"))) {
            for (ProcessHandle p : running) {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Until an uploader that a run started holds the lock: it deletes the start stamp then (a stamp
     * older than 5 s is a start that failed). Before that, its process may not be visible yet.
     */
    static void awaitStarted(Path spoolDir) throws Exception {
        Path stamp = spoolDir.resolve(".uploader-started");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        Object monitor = new Object();
        while (Files.exists(stamp) && System.nanoTime() < deadline) {
            synchronized (monitor) {
                monitor.wait(20);
            }
        }
    }

    /** The uploader processes (and the shells that start them) of a state folder: their command lines name it. */
    static List<ProcessHandle> uploaders(Path stateDir) {
        String state = stateDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().arguments().map(List::of).orElse(List.of()).contains(state))
                .toList();
    }
}
