package dev.candor.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;

/**
 * Wall time that Candor adds to {@code forge} invocations: each command runs many times with telemetry
 * on and off, in interleaved pairs, against an endpoint that is up (records what it receives), down
 * (nothing listens) and black-holed (accepts connections, never answers). Afterwards it checks that the
 * events generated were delivered once an endpoint is reachable.
 *
 * <p>One file and only the JDK, so it runs with the source launcher and needs no build:
 * {@code java bench/src/main/java/dev/candor/bench/ForgeOverhead.java --runs 60}. Everything it starts
 * (processes, servers, threads) is bounded by timeouts and stopped before it exits.
 */
public final class ForgeOverhead {
    static final String SOURCE = "bench/src/main/java/dev/candor/bench/ForgeOverhead.java";
    /** The JVM flags of bin/forge: a CLI lives for milliseconds, so the benchmark must start it the same way. */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);
    static final long SPOOL_CAP_BYTES = 1024 * 1024;
    static final int SPOOL_CAP_FILES = 500;
    static final int MAX_EXTRA_RUNS_UP = 10;
    static final int MAX_RECOVERY_RUNS = 20;
    static final InetAddress LOOPBACK = loopback();

    private ForgeOverhead() {
    }

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

    private static String benchmark(Options options, String[] args, Path work, long startedNanos,
            ZonedDateTime startedAt) throws Exception {
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
        RunResult r = launcher.run(List.of("new", "console", "--output", project.toString()),
                throwaway.environment(ScenarioRunner.freePort(), false), work);
        if (!r.completed() || r.exitCode() != 0 || !Files.isRegularFile(project.resolve("forge.project"))) {
            throw new IOException("'forge new console' failed (exit " + r.exitCode() + "), cannot create the test project");
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

    // ------------------------------------------------------------------------------------------------
    // Options

    enum Scenario {
        UP("up", "endpoint up (recording OTLP server)"),
        DOWN("down", "endpoint down (nothing listening)"),
        BLACKHOLED("blackholed", "endpoint black-holed (accepts, never answers)");

        final String id;
        final String description;

        Scenario(String id, String description) {
            this.id = id;
            this.description = description;
        }

        static Scenario parse(String s) {
            String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (Scenario scenario : values()) {
                if (scenario.id.equals(v)) {
                    return scenario;
                }
            }
            throw new IllegalArgumentException("unknown scenario '" + s + "' (use up, down, blackholed)");
        }
    }

    record Options(int runs, int warmup, Path jar, List<Scenario> scenarios, List<List<String>> commands, Path out,
            boolean help, boolean cds) {
        static final String USAGE = """
                usage: java %s [options]
                  --runs N             timed on/off pairs per scenario and command (default 60)
                  --warmup N           untimed pairs before them (default 3)
                  --jar PATH           forge jar, with its lib/ beside it (default examples/forge/target/forge.jar)
                  --scenarios LIST     up,down,blackholed (default all three)
                  --commands LIST      forge commands, comma separated; spaces split arguments (default build,--version)
                  --out FILE           also write the markdown results there
                  --cds on|off         launch with an AppCDS archive, as bin/forge does (default on)""".formatted(SOURCE);

        static Options parse(String[] args) {
            int runs = 60;
            int warmup = 3;
            Path jar = Path.of("examples/forge/target/forge.jar");
            List<Scenario> scenarios = List.of(Scenario.values());
            List<List<String>> commands = List.of(List.of("build"), List.of("--version"));
            Path out = null;
            boolean cds = true;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("-h") || name.equals("--help")) {
                    return new Options(runs, warmup, jar, scenarios, commands, out, true, cds);
                }
                String value;
                int eq = name.indexOf('=');
                if (name.startsWith("--") && eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                switch (name) {
                    case "--runs" -> runs = positive(name, value, 1);
                    case "--warmup" -> warmup = positive(name, value, 0);
                    case "--jar" -> jar = Path.of(value);
                    case "--scenarios" -> scenarios = split(value).stream().map(Scenario::parse).distinct().toList();
                    case "--commands" -> commands = split(value).stream()
                            .map(c -> Arrays.asList(c.trim().split("\\s+"))).toList();
                    case "--out" -> out = Path.of(value);
                    case "--cds" -> cds = !value.equals("off");
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (scenarios.isEmpty() || commands.isEmpty()) {
                throw new IllegalArgumentException("need at least one scenario and one command");
            }
            return new Options(runs, warmup, jar, scenarios, commands, out, false, cds);
        }

        private static int positive(String name, String value, int min) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n < min) {
                    throw new IllegalArgumentException(name + " must be at least " + min);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
            }
        }

        private static List<String> split(String list) {
            List<String> out = new ArrayList<>();
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
    }

    /**
     * Whether a command records an event. {@code --version}, {@code --help} and the {@code telemetry}
     * subcommand collect nothing by design; every other command records one command event.
     */
    static boolean collects(List<String> command) {
        if (command.isEmpty() || command.get(0).startsWith("-") || command.get(0).equals("telemetry")) {
            return false;
        }
        return !(command.contains("--version") || command.contains("-V") || command.contains("--help")
                || command.contains("-h"));
    }

    // ------------------------------------------------------------------------------------------------
    // The binary and how it is launched

    /** A private copy of forge.jar and lib/, so a rebuild in the repository during the run changes nothing. */
    record ForgeBinary(Path source, Path jar, long bytes, String sha256, String modified, String libs) {
        static ForgeBinary copy(Path sourceJar, Path into) throws IOException {
            if (!Files.isRegularFile(sourceJar)) {
                throw new IOException(sourceJar + " not found: build forge first (bin/forge --version)");
            }
            IOException last = null;
            // A few attempts: Maven may be rewriting the jar at this very moment.
            for (int attempt = 1; attempt <= 5; attempt++) {
                try {
                    return copyOnce(sourceJar, into);
                } catch (IOException e) {
                    last = e;
                    log("copy of " + sourceJar + " not usable (" + e.getMessage() + "), retrying");
                    sleepQuietly(Duration.ofSeconds(2));
                }
            }
            throw last;
        }

        private static ForgeBinary copyOnce(Path sourceJar, Path into) throws IOException {
            deleteTree(into);
            Files.createDirectories(into.resolve("lib"));
            String before = stamp(sourceJar);
            Path jar = into.resolve("forge.jar");
            Files.copy(sourceJar, jar, StandardCopyOption.REPLACE_EXISTING);
            Path libs = sourceJar.toAbsolutePath().getParent().resolve("lib");
            List<String> copied = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(libs, "*.jar")) {
                for (Path lib : s) {
                    Path to = into.resolve("lib").resolve(lib.getFileName());
                    Files.copy(lib, to, StandardCopyOption.REPLACE_EXISTING);
                    copied.add(lib.getFileName() + " " + sha256(to).substring(0, 12));
                }
            }
            Collections.sort(copied);
            if (!before.equals(stamp(sourceJar))) {
                throw new IOException("the jar changed while it was copied");
            }
            validate(into, jar);
            return new ForgeBinary(sourceJar, jar, Files.size(jar), sha256(jar),
                    Files.getLastModifiedTime(sourceJar).toString(), String.join(", ", copied));
        }

        /** The copy must be a complete jar whose Class-Path entries were all copied and are readable zips. */
        private static void validate(Path into, Path jar) throws IOException {
            Manifest manifest;
            try (JarFile jf = new JarFile(jar.toFile())) {
                manifest = jf.getManifest();
            }
            if (manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) == null) {
                throw new IOException("no Main-Class in " + jar);
            }
            String classPath = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            for (String entry : classPath == null ? new String[0] : classPath.trim().split("\\s+")) {
                try (ZipFile z = new ZipFile(into.resolve(entry).toFile())) {
                    z.size();
                }
            }
        }

        private static String stamp(Path p) throws IOException {
            return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        }

        private static String sha256(Path p) throws IOException {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Outcome of one forge process: wall time, exit code, or that it was killed after the timeout. */
    record RunResult(long nanos, int exitCode, boolean completed) {
        double millis() {
            return nanos / 1e6;
        }
    }

    /** Starts forge exactly as bin/forge does and times it from start() to waitFor(). */
    static final class Launcher {
        private final Path jar;
        private final AtomicInteger timeouts = new AtomicInteger();
        private final AtomicInteger nonZeroExits = new AtomicInteger();
        private final AtomicInteger processes = new AtomicInteger();

        private Path archive;

        Launcher(Path jar) {
            this.jar = jar;
        }

        /**
         * Trains an AppCDS archive with one {@code forge build}, in a private state folder with the
         * notice acknowledged and a closed endpoint, as bin/forge does on first use; later runs map it.
         */
        Path trainArchive(Path into) throws IOException {
            Path train = Files.createDirectories(into.resolve("cds-training"));
            Path state = Files.createDirectories(train.resolve("state"));
            Files.writeString(state.resolve("notice-shown"), "1");
            Files.createDirectories(train.resolve("tmp"));
            Path jsa = into.resolve("forge.jsa");
            List<String> cmd = new ArrayList<>(List.of("java"));
            cmd.addAll(JVM_FLAGS);
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Djava.io.tmpdir=" + train.resolve("tmp"), "-jar", jar.toString(), "build"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(train.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().put("HOME", train.toString());
            pb.environment().put("XDG_CONFIG_HOME", train.resolve("config").toString());
            pb.environment().put("FORGE_TELEMETRY_HOME", state.toString());
            pb.environment().put("FORGE_TELEMETRY_ENDPOINT", "http://127.0.0.1:9");
            Process p = pb.start();
            if (!waitFor(p, PROCESS_TIMEOUT) || p.exitValue() != 0 || !Files.isRegularFile(jsa)) {
                p.destroyForcibly();
                throw new IOException("could not train the AppCDS archive");
            }
            archive = jsa;
            return jsa;
        }

        List<String> command(List<String> args) {
            List<String> cmd = new ArrayList<>();
            cmd.add("java");
            cmd.addAll(JVM_FLAGS);
            if (archive != null) {
                cmd.add("-XX:SharedArchiveFile=" + archive);
            }
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.addAll(args);
            return cmd;
        }

        RunResult run(List<String> args, Map<String, String> environment, Path workingDirectory) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command(args))
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(environment);
            processes.incrementAndGet();
            long start = System.nanoTime();
            Process p = pb.start();
            boolean done = waitFor(p, PROCESS_TIMEOUT);
            long nanos = System.nanoTime() - start;
            if (!done) {
                p.destroyForcibly();
                waitFor(p, Duration.ofSeconds(10));
                timeouts.incrementAndGet();
                log("forge " + String.join(" ", args) + " did not finish in " + PROCESS_TIMEOUT.toSeconds()
                        + " s and was killed");
                return new RunResult(nanos, -1, false);
            }
            if (p.exitValue() != 0) {
                nonZeroExits.incrementAndGet();
            }
            return new RunResult(nanos, p.exitValue(), true);
        }

        int timeouts() { return timeouts.get(); }
        int nonZeroExits() { return nonZeroExits.get(); }
        int processes() { return processes.get(); }
    }

    static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Per-scenario state folders and environment

    /**
     * Fresh HOME, XDG state and config folders for one scenario, so runs start from a clean telemetry
     * state (the first run shows the notice) and the real home is never touched.
     */
    record Sandbox(Path home, Path state, Path config, Path cache, Path data) {
        /** Variables removed from the inherited environment: CI detection, proxies, JVM options, consent. */
        private static final Set<String> REMOVED = Set.of(
                "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "RUN_ID",
                "GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "BUILD_BUILDID",
                "AGENT_NAME", "JENKINS_URL", "BUILD_ID", "JENKINS_HOME", "BUILDKITE", "CIRCLECI", "TRAVIS",
                "APPVEYOR", "TEAMCITY_VERSION", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID", "DRONE",
                "HEROKU_TEST_RUN_ID", "CF_BUILD_ID", "SEMAPHORE",
                "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy",
                "all_proxy",
                "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "DO_NOT_TRACK");

        static Sandbox create(Path dir) throws IOException {
            Sandbox s = new Sandbox(dir.resolve("home"), dir.resolve("state"), dir.resolve("config"),
                    dir.resolve("cache"), dir.resolve("data"));
            for (Path p : List.of(s.home, s.state, s.config, s.cache, s.data)) {
                Files.createDirectories(p);
            }
            return s;
        }

        Map<String, String> environment(int port, boolean telemetryOn) {
            Map<String, String> env = new HashMap<>();
            System.getenv().forEach((k, v) -> {
                // FORGE_* and CANDOR_* of the caller (opt-out, debug, endpoint ...) would change what is measured.
                if (!REMOVED.contains(k) && !k.startsWith("FORGE_") && !k.startsWith("CANDOR_") && !k.startsWith("XDG_")) {
                    env.put(k, v);
                }
            });
            env.put("HOME", home.toString());
            env.put("XDG_STATE_HOME", state.toString());
            env.put("XDG_CONFIG_HOME", config.toString());
            env.put("XDG_CACHE_HOME", cache.toString());
            env.put("XDG_DATA_HOME", data.toString());
            env.put("FORGE_TELEMETRY_ENDPOINT", "http://127.0.0.1:" + port);
            if (!telemetryOn) {
                env.put("FORGE_TELEMETRY_OPTOUT", "1");
            }
            return env;
        }

        Path telemetry() { return state.resolve("forge").resolve("telemetry"); }
        Path spool() { return telemetry().resolve("spool"); }
        Path health() { return spool().resolve(".endpoint-health"); }
        Path retryAfter() { return spool().resolve(".retry-after"); }

        SpoolStats spoolStats() {
            int files = 0;
            long bytes = 0;
            if (!Files.isDirectory(spool())) {
                return new SpoolStats(0, 0);
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(spool(), "*.otlp")) {
                for (Path p : s) {
                    files++;
                    bytes += sizeOrZero(p);
                }
            } catch (IOException e) {
                log("cannot list " + spool() + ": " + e.getMessage());
            }
            return new SpoolStats(files, bytes);
        }

        /** The uids in the queued spool files (each file is a header line and an OTLP ResourceLogs JSON). */
        Set<String> queuedUids() {
            Set<String> uids = new java.util.HashSet<>();
            if (!Files.isDirectory(spool())) {
                return uids;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(spool(), "*.otlp")) {
                for (Path p : s) {
                    Matcher m = Recorder.UID.matcher(readOrEmpty(p));
                    while (m.find()) {
                        uids.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                log("cannot list " + spool() + ": " + e.getMessage());
            }
            return uids;
        }

        private static String readOrEmpty(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return ""; // Sent and deleted meanwhile.
            }
        }

        String healthText() {
            try {
                return Files.isRegularFile(health()) ? Files.readString(health(), StandardCharsets.US_ASCII).trim() : "(none)";
            } catch (IOException e) {
                return "(unreadable)";
            }
        }

        private static long sizeOrZero(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return 0; // Sent and deleted by a run between listing and sizing.
            }
        }
    }

    record SpoolStats(int files, long bytes) {
    }

    // ------------------------------------------------------------------------------------------------
    // Endpoints

    /** Where FORGE_TELEMETRY_ENDPOINT points during a scenario. */
    interface Endpoint extends AutoCloseable {
        int port();

        @Override
        void close();

        static Endpoint open(Scenario scenario) throws IOException {
            return switch (scenario) {
                case UP -> Recorder.start(0);
                case DOWN -> new Unreachable(ScenarioRunner.freePort());
                case BLACKHOLED -> BlackHole.start();
            };
        }
    }

    /** A port nothing listens on: connections are refused at once. */
    record Unreachable(int port) implements Endpoint {
        @Override
        public void close() {
        }
    }

    /**
     * A recording OTLP/HTTP logs endpoint. Records every {@code log.record.uid} it receives (so duplicates
     * from a resent batch are visible) and answers 200 {@code {}}. A small pool serves requests, so a slow
     * or abandoned upload from a run that exited mid-request does not hold up the next run's POST.
     */
    static final class Recorder implements Endpoint {
        static final Pattern UID =
                Pattern.compile("\"key\":\"log\\.record\\.uid\",\"value\":\\{\"stringValue\":\"([^\"]+)\"\\}");
        private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);
        private final HttpServer server;
        private final ExecutorService pool;
        private final Set<String> uids = ConcurrentHashMap.newKeySet();
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong brokenRequests = new AtomicLong();

        private Recorder(HttpServer server) {
            this.server = server;
            this.pool = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "recorder");
                t.setDaemon(true);
                return t;
            });
            server.createContext("/", this::handle);
            server.setExecutor(pool);
            server.start();
        }

        /** Listens on the port (0 for any); retries briefly, since the port may have just been released. */
        static Recorder start(int port) throws IOException {
            BindException last = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    return new Recorder(HttpServer.create(new InetSocketAddress(LOOPBACK, port), 128));
                } catch (BindException e) {
                    last = e;
                    sleepQuietly(Duration.ofMillis(100));
                }
            }
            throw last;
        }

        @Override
        public int port() {
            return server.getAddress().getPort();
        }

        Set<String> uids() { return uids; }
        long records() { return records.get(); }
        long requests() { return requests.get(); }
        long brokenRequests() { return brokenRequests.get(); }

        private void handle(HttpExchange exchange) {
            try {
                if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/logs")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String body = new String(readBody(exchange), StandardCharsets.UTF_8);
                // Recorded only once the whole body arrived: a run that died mid-upload delivered nothing.
                Matcher m = UID.matcher(body);
                while (m.find()) {
                    records.incrementAndGet();
                    uids.add(m.group(1));
                }
                requests.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, OK.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(OK);
                }
            } catch (IOException | RuntimeException e) {
                brokenRequests.incrementAndGet();
            } finally {
                exchange.close();
            }
        }

        private static byte[] readBody(HttpExchange exchange) throws IOException {
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            InputStream raw = exchange.getRequestBody();
            try (InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
                return in.readAllBytes();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Accepts connections and never reads or answers: the POST is written into the socket buffer and the
     * client waits for a response that never comes. Sockets are held open until the end, like a stuck proxy.
     */
    static final class BlackHole implements Endpoint {
        private final ServerSocket server;
        private final List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        private BlackHole(ServerSocket server) {
            this.server = server;
            this.acceptor = new Thread(this::acceptLoop, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static BlackHole start() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, 0), 1000);
            return new BlackHole(s);
        }

        private void acceptLoop() {
            int errorsInARow = 0;
            while (!server.isClosed() && errorsInARow < 100) {
                try {
                    held.add(server.accept());
                    errorsInARow = 0;
                } catch (IOException e) {
                    errorsInARow++; // Closed (the loop ends) or out of descriptors (give up after a few).
                }
            }
        }

        @Override
        public int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() {
            closeQuietly(server);
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (held) {
                held.forEach(BlackHole::closeQuietly);
            }
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing at the end; nothing to do about it.
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Running a scenario

    /** Timed samples of one command in one scenario; on and off of the same pair share an index. */
    static final class Samples {
        final List<String> command;
        final List<Double> on = new ArrayList<>();
        final List<Double> off = new ArrayList<>();
        final List<Double> pairedDiff = new ArrayList<>();
        int onRunsCompleted;
        int failedRuns;

        Samples(List<String> command) {
            this.command = command;
        }

        void add(RunResult onRun, RunResult offRun, boolean timed) {
            onRunsCompleted += onRun.completed() ? 1 : 0;
            failedRuns += (onRun.completed() && onRun.exitCode() == 0 ? 0 : 1) + (offRun.completed() && offRun.exitCode() == 0 ? 0 : 1);
            if (!timed) {
                return;
            }
            // A killed run's time is the timeout, not forge's: keep it out of the statistics.
            if (onRun.completed()) {
                on.add(onRun.millis());
            }
            if (offRun.completed()) {
                off.add(offRun.millis());
            }
            if (onRun.completed() && offRun.completed()) {
                pairedDiff.add(onRun.millis() - offRun.millis());
            }
        }
    }

    /** What the delivery check found for one scenario. */
    record Delivery(int generated, int delivered, long recordsReceived, long requests, int extraRuns,
            int spoolFilesLeft, int queuedNotDelivered, int queuedAlreadyDelivered, SpoolStats spoolBeforeRecovery,
            int generatedBeforeRecovery, String healthBeforeRecovery, int healthResets, List<String> notes) {
        double percent() {
            return generated == 0 ? 100.0 : 100.0 * delivered / generated;
        }

        /** Neither received nor still queued: dropped by the cap, or lost. */
        int lost() {
            return Math.max(0, generated - delivered - queuedNotDelivered);
        }
    }

    record ScenarioResult(Scenario scenario, int port, boolean noticeShown, List<Samples> samples, Delivery delivery,
            List<String> notes) {
    }

    static final class ScenarioRunner {
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

    // ------------------------------------------------------------------------------------------------
    // Statistics

    /** Linear-interpolation percentile (the "type 7" of R and numpy's default). */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    record Summary(int pairs, double onMedian, double offMedian, double onP95, double offP95, double onQ1,
            double onQ3, double offQ1, double offQ3, double pairedMedian, double pairedP95) {
        static Summary of(Samples s) {
            return new Summary(s.pairedDiff.size(), percentile(s.on, 0.5), percentile(s.off, 0.5),
                    percentile(s.on, 0.95), percentile(s.off, 0.95), percentile(s.on, 0.25), percentile(s.on, 0.75),
                    percentile(s.off, 0.25), percentile(s.off, 0.75), percentile(s.pairedDiff, 0.5),
                    percentile(s.pairedDiff, 0.95));
        }

        double addedMedian() { return onMedian - offMedian; }
        double addedP95() { return onP95 - offP95; }
        boolean goalMet() { return addedMedian() <= 5.0 && addedP95() <= 15.0; }
    }

    // ------------------------------------------------------------------------------------------------
    // Machine facts and the report

    record MachineFacts(String nproc, String cpu, String memory, String java, String kernel) {
        static MachineFacts collect(Path work) {
            return new MachineFacts(
                    firstLine(capture(work, "nproc"), Integer.toString(Runtime.getRuntime().availableProcessors())),
                    procField("/proc/cpuinfo", "model name"),
                    totalMemory(),
                    firstLine(capture(work, "java", "-version"), "unknown"),
                    firstLine(capture(work, "uname", "-r"), "unknown"));
        }

        private static String totalMemory() {
            String kb = procField("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "");
            return kb.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
        }

        private static String procField(String file, String key) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    if (line.startsWith(key)) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                // Not Linux, or not readable.
            }
            return "unknown";
        }

        /** Output of a short command; written to a file so a timeout cannot leave a pipe blocked. */
        private static String capture(Path work, String... cmd) {
            try {
                Path out = Files.createTempFile(work, "capture", ".txt");
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!waitFor(p, Duration.ofSeconds(10))) {
                    p.destroyForcibly();
                    return "";
                }
                return Files.readString(out);
            } catch (IOException e) {
                return "";
            }
        }

        private static String firstLine(String text, String fallback) {
            String line = text.lines().findFirst().orElse("").trim();
            return line.isEmpty() ? fallback : line;
        }
    }

    record Report(Options options, String[] args, MachineFacts machine, ForgeBinary forge, Launcher launcher,
            List<ScenarioResult> results, ZonedDateTime startedAt, Duration took) {

        String render() {
            StringBuilder md = new StringBuilder();
            header(md);
            timeTable(md);
            deliveryTable(md);
            notes(md);
            return md.toString();
        }

        private void header(StringBuilder md) {
            md.append("# forge: wall time with Candor telemetry on vs off\n\n");
            md.append("- Date: ").append(startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .append(" (the run took ").append(duration(took)).append(")\n");
            md.append("- Command: `java ").append(SOURCE).append(quoted(args)).append("`\n");
            md.append("- forge launched as: `").append(String.join(" ", launcher.command(List.of("<command>"))))
                    .append("` (a private copy of ").append(forge.source()).append(" and its lib/, sha-256 ")
                    .append(forge.sha256(), 0, 12).append(", ").append(forge.bytes()).append(" bytes, modified ")
                    .append(forge.modified()).append("; lib: ").append(forge.libs()).append("), stdout and stderr discarded, stdin /dev/null, in a project made by `forge new console`\n");
            md.append("- Machine: ").append(machine.nproc()).append(" CPUs (nproc), ").append(machine.cpu()).append(", ")
                    .append(machine.memory()).append(" RAM, kernel ").append(machine.kernel()).append(", ")
                    .append(machine.java()).append('\n');
            md.append("- Method: per scenario, fresh HOME/XDG state and config folders, CI/proxy/JAVA_TOOL_OPTIONS "
                    + "variables removed, `FORGE_TELEMETRY_ENDPOINT=http://127.0.0.1:<port>`; \"off\" adds "
                    + "`FORGE_TELEMETRY_OPTOUT=1`. One untimed run shows the notice, then ")
                    .append(options.warmup()).append(" untimed warm-up pairs and ").append(options.runs())
                    .append(" timed on/off pairs per command, interleaved, the first of each pair alternating. "
                            + "Wall time from `ProcessBuilder.start()` to `waitFor()`.\n");
            md.append("- Scenarios: ");
            md.append(String.join("; ", results.stream().map(r -> "**" + r.scenario().id + "**: " + r.scenario().description).toList()));
            md.append("\n\n");
        }

        private void timeTable(StringBuilder md) {
            md.append("## Wall time (ms)\n\n");
            md.append("Added = on − off. Spread = interquartile range (q3 − q1, with q1–q3 in brackets). "
                    + "Percentiles interpolate linearly. Goal: added median ≤ 5 ms and added p95 ≤ 15 ms.\n\n");
            md.append("| scenario | command | pairs | on median | off median | **added median** | on p95 | off p95 | "
                    + "**added p95** | on IQR | off IQR | median of paired diffs | p95 of paired diffs | goal |\n");
            md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
            for (ScenarioResult r : results) {
                for (Samples s : r.samples()) {
                    Summary x = Summary.of(s);
                    md.append("| ").append(r.scenario().id).append(" | `").append(String.join(" ", s.command)).append("` | ")
                            .append(x.pairs()).append(" | ").append(ms(x.onMedian())).append(" | ").append(ms(x.offMedian()))
                            .append(" | **").append(signed(x.addedMedian())).append("** | ").append(ms(x.onP95()))
                            .append(" | ").append(ms(x.offP95())).append(" | **").append(signed(x.addedP95())).append("** | ")
                            .append(iqr(x.onQ1(), x.onQ3())).append(" | ").append(iqr(x.offQ1(), x.offQ3())).append(" | ")
                            .append(signed(x.pairedMedian())).append(" | ").append(signed(x.pairedP95())).append(" | ")
                            .append(x.goalMet() ? "met" : "**not met**").append(" |\n");
                }
            }
            md.append('\n');
        }

        private void deliveryTable(StringBuilder md) {
            md.append("## Delivery\n\n");
            md.append("Generated = completed telemetry-on runs of collecting commands (warm-up, timed and extra runs; "
                    + "1 event each; `--version` collects nothing). Delivered = distinct `log.record.uid` values "
                    + "the recording endpoint received. Queued, not yet delivered = events in spool files left at the end "
                    + "that never arrived (they go with the next run). Lost = generated − delivered − queued.\n\n");
            md.append("| scenario | delivered / generated | % | queued, not yet delivered | lost | records received "
                    + "(incl. resends) / requests | spool before recovery | extra runs | spool files left "
                    + "(already delivered) | endpoint-health before recovery | backoff resets |\n");
            md.append("|---|--:|--:|--:|--:|--:|---|--:|--:|---|--:|\n");
            for (ScenarioResult r : results) {
                Delivery d = r.delivery();
                md.append("| ").append(r.scenario().id).append(" | ").append(d.delivered()).append(" / ").append(d.generated())
                        .append(" | ").append(String.format(Locale.ROOT, "%.1f", d.percent())).append(" | ")
                        .append(d.queuedNotDelivered()).append(" | ").append(d.lost()).append(" | ")
                        .append(d.recordsReceived()).append(" / ").append(d.requests()).append(" | ")
                        .append(spoolBefore(d)).append(" | ").append(d.extraRuns()).append(" | ")
                        .append(d.spoolFilesLeft()).append(" (").append(d.queuedAlreadyDelivered()).append(") | ")
                        .append(d.spoolBeforeRecovery() == null ? "n/a" : "`" + d.healthBeforeRecovery() + "`").append(" | ")
                        .append(d.spoolBeforeRecovery() == null ? "n/a" : Integer.toString(d.healthResets())).append(" |\n");
            }
            md.append("\nRecovery (down, blackholed): a recording endpoint starts on the same port, then `forge build` runs "
                    + "(telemetry on) until the spool holds no `*.otlp` file (at most ").append(MAX_RECOVERY_RUNS)
                    .append(" runs). Before each of those runs, `spool/.retry-after` is deleted and so is "
                            + "`spool/.endpoint-health` if it says FAILING: this models the user's next run after the "
                            + "cross-run backoff (1 s, 2 s, 4 s … 60 s) has passed, without waiting for it. "
                            + "Up: `forge build` runs until the spool is empty (at most ")
                    .append(MAX_EXTRA_RUNS_UP).append(" runs). Extra runs' events count as generated.\n\n");
        }

        /** Spool size before recovery, and what the 1 MiB / 500 file cap could have kept. */
        private static String spoolBefore(Delivery d) {
            SpoolStats s = d.spoolBeforeRecovery();
            if (s == null) {
                return "n/a";
            }
            String text = s.files() + " files, " + s.bytes() + " bytes";
            if (d.generatedBeforeRecovery() > SPOOL_CAP_FILES || s.bytes() > SPOOL_CAP_BYTES * 9 / 10) {
                text += " (cap reached: " + d.generatedBeforeRecovery() + " generated, " + s.files() + " could be kept)";
            }
            return text;
        }

        private void notes(StringBuilder md) {
            md.append("## Notes\n\n");
            md.append("- Processes: ").append(launcher.processes()).append(" forge runs, ").append(launcher.timeouts())
                    .append(" killed after the ").append(PROCESS_TIMEOUT.toSeconds()).append(" s timeout, ")
                    .append(launcher.nonZeroExits()).append(" non-zero exits.\n");
            for (ScenarioResult r : results) {
                List<String> all = new ArrayList<>(r.notes());
                all.addAll(r.delivery().notes());
                if (!r.noticeShown()) {
                    all.add("notice not recorded as shown");
                }
                for (Samples s : r.samples()) {
                    if (s.failedRuns > 0) {
                        all.add("`" + String.join(" ", s.command) + "`: " + s.failedRuns + " runs failed or timed out");
                    }
                }
                for (String n : all) {
                    md.append("- ").append(r.scenario().id).append(": ").append(n).append(".\n");
                }
            }
            md.append('\n');
        }

        private static String ms(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
        }

        private static String signed(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.1f", v);
        }

        private static String iqr(double q1, double q3) {
            return Double.isNaN(q1) ? "n/a" : String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", q3 - q1, q1, q3);
        }

        private static String duration(Duration d) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }

        private static String quoted(String[] args) {
            StringBuilder sb = new StringBuilder();
            for (String a : args) {
                sb.append(' ').append(a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
            }
            return sb.toString();
        }
    }
}
