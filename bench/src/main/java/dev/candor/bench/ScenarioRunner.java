package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.LOOPBACK;
import static dev.candor.bench.ForgeOverhead.MAX_EXTRA_RUNS_UP;
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
import java.util.Set;

final class ScenarioRunner {
    private static final List<String> BUILD = List.of("build");
    private final Scenario scenario;
    private final Options options;
    private final Launcher launcher;
    private final Path project;
    private final Path dir;
    private final List<String> notes = new ArrayList<>();
    private Sandbox sandbox;
    private Map<String, String> on;
    private Map<String, String> off;

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
            notes.add(0, "load average (1, 5, 15 min) " + loadBefore + " at the start, " + loadAverage() + " at the end");
        }
    }

    private ScenarioResult runInSandbox() throws IOException {
        sandbox = Sandbox.create(dir);
        Endpoint endpoint = Endpoint.open(scenario);
        try {
            int port = endpoint.port();
            on = sandbox.environment(port, true);
            off = sandbox.environment(port, false);
            log(scenario.id + ": port " + port);
            boolean noticeShown = showNotice();
            List<Samples> all = new ArrayList<>();
            int generated = 0;
            for (List<String> command : options.commands()) {
                Samples s = measure(command);
                all.add(s);
                generated += collects(command) ? s.onRunsCompleted : 0;
            }
            Delivery delivery = scenario == Scenario.UP
                    ? deliverWhileUp((Recorder) endpoint, generated)
                    : deliverAfterRecovery(endpoint, generated);
            return new ScenarioResult(scenario, port, noticeShown, all, delivery, notes);
        } finally {
            endpoint.close();
        }
    }

    /** The first run of a fresh state shows the notice and collects nothing; it is not timed. */
    private boolean showNotice() throws IOException {
        launcher.run(BUILD, on, project);
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
        RunResult second = launcher.run(command, onFirst ? off : on, project);
        s.add(onFirst ? first : second, onFirst ? second : first, timed);
    }

    /**
     * Up: what the timed runs left queued (their exit budget may end before the POST does) goes with
     * the next run, so run {@code build} until the spool is empty, then compare distinct uids received.
     */
    private Delivery deliverWhileUp(Recorder recorder, int generated) throws IOException {
        int extra = 0;
        while (extra < MAX_EXTRA_RUNS_UP && sandbox.spoolStats().files() > 0) {
            generated += launcher.run(BUILD, on, project).completed() ? 1 : 0;
            extra++;
        }
        return delivery(recorder, generated, extra, null, generated - extra, "", 0);
    }

    /**
     * Down and black-holed: the endpoint comes back on the same port. The SDK backs off across runs
     * after failures (1 s, 2 s ... 60 s in spool/.endpoint-health); deleting that file models the
     * user's next run after the backoff has passed, so the benchmark need not wait it out.
     */
    private Delivery deliverAfterRecovery(Endpoint endpoint, int generated) throws IOException {
        SpoolStats before = sandbox.spoolStats();
        String health = sandbox.healthText();
        int generatedBefore = generated;
        if (endpoint instanceof BlackHole b) {
            notes.add("the black hole accepted " + b.accepted() + " connections");
        }
        endpoint.close();
        try (Recorder recorder = Recorder.start(endpoint.port())) {
            int runs = 0;
            int resets = 0;
            while (runs < MAX_RECOVERY_RUNS && sandbox.spoolStats().files() > 0) {
                resets += resetBackoff() ? 1 : 0;
                generated += launcher.run(BUILD, on, project).completed() ? 1 : 0;
                runs++;
            }
            return delivery(recorder, generated, runs, before, generatedBefore, health, resets);
        }
    }

    /** Deletes a FAILING endpoint-health file and any Retry-After; true if the backoff had to be reset. */
    private boolean resetBackoff() throws IOException {
        Files.deleteIfExists(sandbox.retryAfter());
        if (sandbox.healthText().startsWith("FAILING")) {
            Files.deleteIfExists(sandbox.health());
            return true;
        }
        return false;
    }

    private Delivery delivery(Recorder recorder, int generated, int extraRuns, SpoolStats before,
            int generatedBefore, String health, int resets) {
        List<String> dnotes = new ArrayList<>();
        int delivered = recorder.uids().size();
        int left = sandbox.spoolStats().files();
        // Queued files whose events already arrived were sent but not removed (the run ended before
        // the answer): the next run resends them, which the collector deduplicates by uid.
        Set<String> queued = sandbox.queuedUids();
        int alreadyDelivered = (int) queued.stream().filter(recorder.uids()::contains).count();
        if (left > 0) {
            dnotes.add(left + " spool files still queued after " + extraRuns + " extra runs ("
                    + alreadyDelivered + " of their " + queued.size() + " events already delivered)");
        }
        if (delivered > generated) {
            dnotes.add("more distinct uids than expected events: a run records more than one event?");
        }
        if (recorder.brokenRequests() > 0) {
            dnotes.add(recorder.brokenRequests() + " requests broke off mid-upload (run exited while sending)");
        }
        log(scenario.id + ": delivered " + delivered + "/" + generated + " (" + recorder.requests() + " requests, "
                + recorder.records() + " records, " + extraRuns + " extra runs, spool left " + left + ")");
        return new Delivery(generated, delivered, recorder.records(), recorder.requests(), extraRuns, left,
                queued.size() - alreadyDelivered, alreadyDelivered, before, generatedBefore, health, resets, dnotes);
    }
}
