package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.LOOPBACK;
import static dev.candor.bench.ForgeOverhead.MAX_RECOVERY_RUNS;
import static dev.candor.bench.ForgeOverhead.collects;
import static dev.candor.bench.ForgeOverhead.loadAverage;
import static dev.candor.bench.ForgeOverhead.log;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class ScenarioRunner {
    private static final List<String> BUILD = List.of("build");
    /** How long events may take to arrive with no further run (the delivery goal). */
    static final long DELIVERY_WAIT_MILLIS = 60_000;

    private final Scenario scenario;
    private final Options options;
    private final Launcher launcher;
    private final Path project;
    private final Path dir;
    private final List<String> notes = new ArrayList<>();
    private Sandbox sandbox;
    private Map<String, String> on;
    private Map<String, String> off;
    private long lastCollectingRunEnded = System.nanoTime();

    ScenarioRunner(Scenario scenario, Options options, Launcher launcher, Path project, Path dir) {
        this.scenario = scenario;
        this.options = options;
        this.launcher = launcher;
        this.project = project;
        this.dir = dir;
    }

    /** A port that was free a moment ago: bound, read, released. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    ScenarioResult run() throws IOException {
        // Other work on the machine (a build, tests) shows in the spread; the load average tells the reader.
        String loadBefore = loadAverage();
        try {
            return runInSandbox();
        } finally {
            notes.add(
                    0, "load average (1, 5, 15 min) " + loadBefore + " at the start, " + loadAverage() + " at the end");
        }
    }

    private ScenarioResult runInSandbox() throws IOException {
        sandbox = Sandbox.create(dir.resolve("on"));
        Sandbox offSandbox = Sandbox.create(dir.resolve("off"));
        Endpoint endpoint = Endpoint.open(scenario, dir.resolve("collector"));
        try {
            List<String> javaOptions = endpoint instanceof Collector c ? c.trustOptions() : List.of();
            on = sandbox.environment(endpoint.url(), true, javaOptions);
            off = offSandbox.environment(endpoint.url(), false, javaOptions);
            log(scenario.id + ": " + endpoint.url());
            boolean noticeShown = showNotice();
            List<Samples> all = new ArrayList<>();
            int generated = 0;
            // Commands that collect nothing first: the delivery check then starts right after the last
            // collecting run, and measures the time its events take to arrive with no further run.
            List<List<String>> order = new ArrayList<>();
            options.commands().stream().filter(c -> !collects(c)).forEach(order::add);
            options.commands().stream().filter(ForgeOverhead::collects).forEach(order::add);
            for (List<String> command : order) {
                Samples s = measure(command);
                all.add(s);
                generated += collects(command) ? s.onRunsCompleted : 0;
            }
            Delivery delivery = endpoint instanceof Collector c
                    ? deliveredWithoutAnotherRun(c, generated)
                    : deliverAfterRecovery(endpoint, generated);
            return new ScenarioResult(scenario, endpoint.port(), noticeShown, all, delivery, notes);
        } finally {
            endpoint.close();
        }
    }

    /** The first run of a fresh state shows the notice and collects nothing; it is not timed. */
    private boolean showNotice() throws IOException {
        launcher.run(BUILD, on, project);
        launcher.run(BUILD, off, project);
        boolean shown = Files.isRegularFile(sandbox.telemetry().resolve("notice-shown"));
        if (!shown) {
            notes.add("the notice run left no notice-shown file: the first timed runs may have collected nothing");
        }
        return shown;
    }

    /** Warm-up pairs, then timed pairs, on and off interleaved; who goes first alternates to cancel drift. */
    private Samples measure(List<String> command) throws IOException {
        Samples s = new Samples(command);
        for (int i = 0; i < options.warmup(); i++) {
            pair(command, i, s, false);
        }
        for (int i = 0; i < options.runs(); i++) {
            pair(command, i, s, true);
            if ((i + 1) % 10 == 0 || i + 1 == options.runs()) {
                log(scenario.id + " / " + String.join(" ", command) + ": " + (i + 1) + "/" + options.runs() + " pairs");
            }
        }
        return s;
    }

    private void pair(List<String> command, int index, Samples s, boolean timed) throws IOException {
        boolean onFirst = index % 2 == 0;
        RunResult first = launcher.run(command, onFirst ? on : off, project);
        if (onFirst && collects(command)) {
            lastCollectingRunEnded = System.nanoTime();
        }
        RunResult second = launcher.run(command, onFirst ? off : on, project);
        if (!onFirst && collects(command)) {
            lastCollectingRunEnded = System.nanoTime();
        }
        s.add(onFirst ? first : second, onFirst ? second : first, timed);
    }

    /**
     * The collector is up: with no further run, every event must be stored within a minute of the last
     * collecting run (the detached uploader sends what the runs queued), and none twice.
     */
    private Delivery deliveredWithoutAnotherRun(Collector collector, int generated) {
        long lastRun = lastCollectingRunEnded;
        double seconds = Double.NaN;
        long stored = 0;
        while (System.nanoTime() - lastRun < DELIVERY_WAIT_MILLIS * 1_000_000) {
            stored = collector.metric("candor_events_stored_total");
            if (stored >= generated && sandbox.spoolStats().files() == 0) {
                seconds = (System.nanoTime() - lastRun) / 1e9;
                break;
            }
            Collector.sleep(250);
        }
        awaitUploaders();
        long[] uploaders = sandbox.uploaders();
        List<String> dnotes = new ArrayList<>();
        int left = sandbox.spoolStats().files();
        log(scenario.id + ": stored " + stored + "/" + generated
                + (Double.isNaN(seconds)
                        ? " (not all within 60 s)"
                        : " within " + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s")
                + ", spool left " + left
                + ", " + uploaders[0] + " uploader(s), " + uploaders[1] + " ms of their CPU");
        return new Delivery(
                generated,
                (int) stored,
                collector.metric("candor_events_duplicate_total"),
                seconds,
                left,
                uploaders[0],
                uploaders[1],
                null,
                "",
                0,
                dnotes);
    }

    /**
     * Down and black-holed: once the uploaders of the scenario have given up, a recording endpoint comes
     * up on the same port, and a run starts an uploader again (after the cross-run backoff, which the
     * benchmark resets rather than waits out: spool/.endpoint-health and .retry-after are deleted).
     */
    private Delivery deliverAfterRecovery(Endpoint endpoint, int generated) throws IOException {
        awaitUploaders();
        SpoolStats before = sandbox.spoolStats();
        String health = sandbox.healthText();
        if (endpoint instanceof BlackHole b) {
            notes.add("the black hole accepted " + b.accepted() + " connections");
        }
        endpoint.close();
        try (Recorder recorder = Recorder.start(endpoint.port())) {
            int runs = 0;
            while (runs < MAX_RECOVERY_RUNS && sandbox.spoolStats().files() > 0) {
                Files.deleteIfExists(sandbox.retryAfter());
                Files.deleteIfExists(sandbox.health());
                generated += launcher.run(BUILD, on, project).completed() ? 1 : 0;
                runs++;
                long started = System.nanoTime();
                while (System.nanoTime() - started < DELIVERY_WAIT_MILLIS * 1_000_000
                        && (sandbox.spoolStats().files() > 0 || sandbox.uploaderRunning())) {
                    Collector.sleep(250);
                }
            }
            awaitUploaders();
            long[] uploaders = sandbox.uploaders();
            int left = sandbox.spoolStats().files();
            List<String> dnotes = new ArrayList<>();
            if (left > 0) {
                dnotes.add(left + " spool files still queued after " + runs + " recovery runs");
            }
            log(scenario.id + ": delivered " + recorder.uids().size() + "/" + generated + " after " + runs
                    + " recovery run(s), spool left " + left + ", " + uploaders[0] + " uploader(s), " + uploaders[1]
                    + " ms of their CPU");
            return new Delivery(
                    generated,
                    recorder.uids().size(),
                    recorder.records() - recorder.uids().size(),
                    Double.NaN,
                    left,
                    uploaders[0],
                    uploaders[1],
                    before,
                    health,
                    runs,
                    dnotes);
        }
    }

    /** Until no uploader of this scenario runs (each ends within its lifetime of 45 s, a minute at most). */
    private void awaitUploaders() {
        long started = System.nanoTime();
        while (sandbox.uploaderRunning() && System.nanoTime() - started < 75_000_000_000L) {
            Collector.sleep(250);
        }
        if (sandbox.uploaderRunning()) {
            notes.add("an uploader was still running 75 s after the last run");
        }
    }
}
