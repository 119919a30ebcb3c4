package dev.candor.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What Candor costs {@code forge} invocations: each command runs many times with telemetry on and off,
 * in interleaved pairs, against the real collector over HTTPS and over HTTP, an endpoint that is down
 * (nothing listens) and one that is black-holed (accepts connections, never answers). Wall time and the
 * CPU time of forge's own process are measured per run; the detached uploaders' CPU time apart, from
 * their own accounts. Afterwards it checks that every event was stored with no further run (collector
 * up), or once an endpoint is reachable again (down, black-holed).
 *
 * <p>Only the JDK: {@code bench/run-forge-overhead.sh --runs 60} compiles this package with javac into
 * bench/target/bench-classes and runs this class. Everything it starts
 * (processes, servers, threads) is bounded by timeouts and stopped before it exits.
 */
public final class ForgeOverhead {
    /** How the benchmark is run: the script compiles the package and starts this class with its options. */
    static final String COMMAND = "bench/run-forge-overhead.sh";
    /** The JVM flags of bin/forge: a CLI lives for milliseconds, so the benchmark must start it the same way. */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);
    static final long SPOOL_CAP_BYTES = 1024 * 1024;
    static final int SPOOL_CAP_FILES = 500;
    static final int MAX_RECOVERY_RUNS = 5;
    static final InetAddress LOOPBACK = loopback();

    private ForgeOverhead() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("forge-overhead: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        long startedNanos = System.nanoTime();
        ZonedDateTime startedAt = ZonedDateTime.now();
        Path work = Files.createTempDirectory("forge-overhead-");
        try {
            String markdown = benchmark(options, args, work, startedNanos, startedAt);
            System.out.print(markdown);
            if (options.out() != null) {
                Files.writeString(options.out(), markdown, StandardCharsets.UTF_8);
                log("wrote " + options.out());
            }
        } finally {
            deleteTree(work);
        }
    }

    private static String benchmark(
            Options options, String[] args, Path work, long startedNanos, ZonedDateTime startedAt) throws Exception {
        MachineFacts machine = MachineFacts.collect(work);
        ForgeBinary forge = ForgeBinary.copy(options.jar(), work.resolve("forge"));
        Launcher launcher = new Launcher(forge.jar());
        if (options.cds()) {
            log("trained AppCDS archive " + launcher.trainArchive(forge.jar().getParent()));
        }
        Path project = createProject(launcher, work);
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            results.add(new ScenarioRunner(scenario, options, launcher, project, work.resolve(scenario.id)).run());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new Report(options, args, machine, forge, launcher, results, startedAt, took).render();
    }

    /**
     * A project made by {@code forge new console} in the temp folder, so {@code build} compiles the same
     * sources every run instead of the shared sample in {@code java.io.tmpdir}. Telemetry is off for it
     * and its state goes to a throwaway folder: it must not touch any scenario's state.
     */
    private static Path createProject(Launcher launcher, Path work) throws IOException {
        Path project = work.resolve("project");
        Sandbox throwaway = Sandbox.create(work.resolve("setup"));
        RunResult r = launcher.run(
                List.of("new", "console", "--output", project.toString()),
                throwaway.environment("http://127.0.0.1:" + ScenarioRunner.freePort(), false, List.of()),
                work);
        if (!r.completed() || r.exitCode() != 0 || !Files.isRegularFile(project.resolve("forge.project"))) {
            throw new IOException(
                    "'forge new console' failed (exit " + r.exitCode() + "), cannot create the test project");
        }
        return project;
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void log(String message) {
        System.err.println("[forge-overhead] " + message);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left behind in the temp folder; not worth failing the benchmark for.
                }
            });
        } catch (IOException e) {
            log("could not delete " + root + ": " + e.getMessage());
        }
    }

    /**
     * Whether a command records an event. {@code --version}, {@code --help} and the {@code telemetry}
     * subcommand collect nothing by design; every other command records one command event.
     */
    static boolean collects(List<String> command) {
        if (command.isEmpty()
                || command.get(0).startsWith("-")
                || command.get(0).equals("telemetry")) {
            return false;
        }
        return !(command.contains("--version")
                || command.contains("-V")
                || command.contains("--help")
                || command.contains("-h"));
    }

    static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
