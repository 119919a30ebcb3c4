package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry never throws into the tool and always recovers, whatever the disk or the network does. */
class RobustnessTest {
    @TempDir
    Path root;

    private static void runOnce(Telemetry t) {
        try (TelemetryRun run = t.begin()) {
            run.command(CommandEvent.builder("build").exitCode(0).build());
            run.crash(new IllegalStateException("x"), "build");
        }
    }

    @Test
    void anUnwritableStateFolderCostsOnlyTheEvents() throws Exception {
        TestMachine machine = new TestMachine(root);
        Path blocker = Files.writeString(root.resolve("not-a-folder"), "a file where the state folder should be");
        machine.env.put("FORGE_TELEMETRY_HOME", blocker.resolve("telemetry").toString());
        try (RecordingCollector collector = RecordingCollector.start()) {
            Telemetry t = machine.telemetry("forge", collector.url()).build();
            assertThatCode(() -> runOnce(t)).doesNotThrowAnyException();
            assertThatCode(() -> runOnce(t)).doesNotThrowAnyException();
            assertThatCode(() -> t.admin().status()).doesNotThrowAnyException();
            assertThatCode(() -> t.admin().disable(false)).doesNotThrowAnyException();
            assertThat(collector.requests()).isEmpty();
        }
    }

    @Test
    void corruptStateFilesAreReplacedAndTelemetryCarriesOn() throws Exception {
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        Path state = machine.stateDir("forge");
        Files.write(state.resolve("machine-id"), new byte[] {0, 1, 2, (byte) 0xff});
        Files.writeString(state.resolve("installation-secret"), "not hex at all");
        Files.createDirectories(state.resolve("spool"));
        Files.writeString(state.resolve("spool/.endpoint-health"), "FAILING banana");
        Files.writeString(state.resolve("spool/.retry-after"), "-5");
        try (RecordingCollector collector = RecordingCollector.start()) {
            runOnce(machine.telemetry("forge", collector.url())
                    .exitBudget(Duration.ofSeconds(5))
                    .build());
            assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        }
        assertThat(Files.readString(state.resolve("machine-id")).trim()).matches("[0-9a-f]{64}|[0-9a-f-]{36}");
        assertThat(Files.readString(state.resolve("installation-secret")).trim())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void aCorruptNoticeMarkerShowsTheNoticeAgainInsteadOfCollecting() throws Exception {
        TestMachine machine = new TestMachine(root);
        Files.createDirectories(machine.stateDir("forge"));
        Files.writeString(machine.stateDir("forge").resolve("notice-shown"), "¯\\_(ツ)_/¯");
        try (RecordingCollector collector = RecordingCollector.start()) {
            runOnce(machine.telemetry("forge", collector.url()).build());
            assertThat(machine.stderr()).contains("Telemetry");
            assertThat(collector.requests()).isEmpty();
        }
    }

    @Test
    void garbageAndSlowAnswersNeitherThrowNorHoldTheRun() throws Exception {
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        try (ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!garbage.isClosed()) {
                    try (Socket s = garbage.accept();
                            OutputStream out = s.getOutputStream()) {
                        out.write("NOT HTTP AT ALL\r\n\r\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            // A budget the run's own sender always gets to try in, even on a loaded machine (with 100 ms a
            // CI run once abandoned the attempt before it began, handing it to an uploader 20 s away); a
            // garbage answer ends the wait at once, so the run is still short.
            Telemetry t = machine.telemetry("forge", URI.create("http://127.0.0.1:" + garbage.getLocalPort()))
                    .exitBudget(Duration.ofMillis(1000))
                    .build();
            long started = System.nanoTime();
            assertThatCode(() -> runOnce(t)).doesNotThrowAnyException();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .isLessThan(2000);
            // Once the sender has tried and failed, the event is still queued: garbage is not a rejection.
            Path health = machine.spoolDir("forge").resolve(".endpoint-health");
            DeliveryTest.waitUntil(
                    () -> Files.exists(health) && Files.readString(health).startsWith("FAILING"));
        }
        assertThat(machine.spooledFiles("forge")).isEqualTo(1);
    }

    @Test
    void aBadEndpointVariableIsReportedAndEventsStayQueued() throws Exception {
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        machine.env.put("FORGE_TELEMETRY_ENDPOINT", "ftp://user:pw@example.org");
        runOnce(machine.telemetry("forge", URI.create("http://127.0.0.1:9")).build());
        assertThat(machine.stderr()).contains("FORGE_TELEMETRY_ENDPOINT must be an http(s) URL");
        assertThat(machine.stderr()).doesNotContain("pw@");
        assertThat(machine.spooledFiles("forge")).isEqualTo(1);
    }

    @Test
    void manyEventsInOneRunAreCapped() throws Exception {
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        machine.env.put("FORGE_TELEMETRY_DEBUG", "1");
        Telemetry t =
                machine.telemetry("forge", URI.create("http://127.0.0.1:9")).build();
        try (TelemetryRun run = t.begin()) {
            for (int i = 0; i < 5000; i++) {
                run.error(new RuntimeException(), "loop");
            }
        }
        String[] lines = machine.stderr().split("\n");
        assertThat(Stream.of(lines).filter(l -> l.startsWith("{"))).as("events").hasSize(1000);
        // The rest is not dropped silently: in debug mode each one is named.
        assertThat(Stream.of(lines).filter(l -> !l.startsWith("{")))
                .hasSize(4000)
                .allMatch(
                        l -> l.equals("forge telemetry: dropped event 'cli.error': a run records at most 1000 events"));
    }
}
