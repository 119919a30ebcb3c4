package dev.candor.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.FaultyEndpoint;
import dev.candor.collector.testing.ForgeProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.Mounts;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import dev.candor.telemetry.testing.BlackHole;
import dev.candor.telemetry.testing.TestMachine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client-fault matrix: the real forge, as its own processes on a machine of its own, meets one
 * fault at a time (its collector down, black-holed, slow, failing, its state folder read-only, full or
 * damaged, concurrent runs, a wrong clock), then the fault goes away and forge is used on. Every run's
 * stdout and exit code must equal those of a run with telemetry off; the spool stays within its cap
 * (1 MiB, 500 files); no event id reaches the real collector twice (but for a slow collector, whose
 * late answers the SDK cannot know of: the collector keeps those once); and what the SDK is meant to
 * keep arrives once the fault is gone. Prints one "client fault:" line per fault, delivered vs generated.
 *
 * <p>Every build runs the faults no other test covers as processes ({@code candor.client.faults},
 * default below); {@code collector/scripts/client-faults.sh} runs them all with more runs per fault.
 */
class ClientFaultsTest {
    private static final int RUNS = Integer.getInteger("candor.client.fault.runs", 1);
    private static final Set<String> SELECTED = Set.of(System.getProperty(
                    "candor.client.faults", "STATE_READ_ONLY,STATE_FULL,CORRUPT_SPOOL,CLOCK_BEHIND,CONCURRENT_2")
            .split(","));
    private static final long SPOOL_CAP_BYTES = 1024 * 1024;
    private static final int SPOOL_CAP_FILES = 500;
    private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final Map<ClientFault, String> REPORT = new ConcurrentSkipListMap<>();

    @TempDir
    static Path shared;

    private static Path project;
    private static String referenceOut;
    private static int referenceExit;

    @TempDir
    Path root;

    private final Mounts mounts = new Mounts();
    private TestMachine machine;
    private CollectorServer collector;
    private FaultyEndpoint endpoint;
    private int runs;
    private long maxSpoolBytes;
    private long maxSpoolFiles;

    /** The faults; what the SDK is meant to keep is said by {@link #keeps}. */
    enum ClientFault {
        DOWN,
        BLACK_HOLE,
        SLOW,
        ANSWERS_500,
        ANSWERS_429,
        GARBAGE,
        REDIRECT_LOOP,
        STATE_READ_ONLY,
        STATE_FULL,
        CORRUPT_SPOOL,
        CORRUPT_SETTINGS,
        CONCURRENT_2,
        CONCURRENT_10,
        CLOCK_AHEAD,
        CLOCK_BEHIND;

        /** Whether every event of the fault's runs must arrive once the fault is gone. */
        boolean keeps() {
            return switch (this) {
                // OTLP: a 500 is a rejection, not a reason to retry; an unreadable consent file counts as off;
                // a state folder that cannot be written keeps nothing, and events leave only from the spool.
                // (A clock far behind used to lose its events: its spool files looked older than the 30-day
                // limit. The spool now asks the file system's clock too; docs/RELIABILITY.md.)
                case ANSWERS_500, CORRUPT_SETTINGS, STATE_READ_ONLY, STATE_FULL -> false;
                default -> true;
            };
        }
    }

    @BeforeAll
    static void referenceRunWithTelemetryOff() throws Exception {
        TestMachine m = new TestMachine(shared.resolve("reference"));
        project = shared.resolve("app");
        Map<String, String> off = Map.of("FORGE_TELEMETRY_OPTOUT", "1");
        Process create = ForgeProcess.start(
                m,
                closedPort(),
                off,
                shared.resolve("new.out"),
                shared.resolve("new.err"),
                "new",
                "console",
                "-o",
                project.toString(),
                "--name",
                "app");
        assertThat(create.waitFor(120, TimeUnit.SECONDS) && create.exitValue() == 0)
                .as("forge new")
                .isTrue();
        Process build = ForgeProcess.start(
                m,
                closedPort(),
                off,
                shared.resolve("ref.out"),
                shared.resolve("ref.err"),
                "build",
                "--project",
                project.toString());
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
        referenceExit = build.exitValue();
        referenceOut = Files.readString(shared.resolve("ref.out"));
        assertThat(referenceOut).startsWith("Build succeeded");
    }

    @AfterEach
    void stop() throws Exception {
        mounts.close();
        if (endpoint != null) {
            endpoint.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @AfterAll
    static void report() {
        REPORT.values().forEach(System.out::println);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ClientFault.class)
    void forgeWorksAsWithTelemetryOffAndItsKeptEventsArriveOnce(ClientFault fault) throws Exception {
        Assumptions.assumeTrue(
                SELECTED.contains("all") || SELECTED.contains(fault.name()),
                () -> fault + " runs in collector/scripts/client-faults.sh");
        machine = new TestMachine(root.resolve("machine"));
        machine.acknowledgeNotice("forge");
        collector = TestCollector.start(root.resolve("data"), b -> b.set(Setting.RATE_LIMIT_PER_NETWORK, "0"));
        endpoint = FaultyEndpoint.start(collector.baseUri(), Duration.ofSeconds(6));
        // A cold collector can take longer than a CI run's 500 ms to answer its first requests: the run then
        // leaves with its request cut off after the collector read it, and sends it again later. That is the
        // slow collector's case (SLOW); here the collector is warmed up first so the healthy runs are healthy.
        for (int i = 0; i < 20; i++) {
            assertThat(Http.postLogs(
                                    collector.baseUri(),
                                    "forge-public-ingest-key",
                                    OtlpBodies.commands("forge", "warm-up", List.of(UUID.randomUUID()), "build"))
                            .statusCode())
                    .isEqualTo(200);
        }
        long warmUp = StoreQueries.count(collector, "");
        URI healthy = endpoint.url();
        Path state = machine.stateDir("forge");
        List<String> healthyRuns =
                new ArrayList<>(List.of(run(healthy, Map.of()))); // ids and secrets exist, as on a used machine

        List<String> faultRuns = new ArrayList<>();
        switch (fault) {
            case DOWN -> runs(faultRuns, closedPort(), Map.of());
            case BLACK_HOLE -> {
                try (BlackHole hole = new BlackHole()) {
                    runs(faultRuns, hole.url(), Map.of());
                }
            }
            case SLOW, ANSWERS_500, ANSWERS_429, REDIRECT_LOOP -> {
                endpoint.mode(FaultyEndpoint.Mode.valueOf(
                        fault == ClientFault.ANSWERS_500
                                ? "ANSWER_500"
                                : fault == ClientFault.ANSWERS_429 ? "ANSWER_429" : fault.name()));
                runs(faultRuns, healthy, Map.of());
                endpoint.mode(FaultyEndpoint.Mode.FORWARD);
            }
            case GARBAGE -> {
                try (GarbageServer garbage = new GarbageServer()) {
                    runs(faultRuns, garbage.url(), Map.of());
                }
            }
            case STATE_READ_ONLY -> {
                mounts.readOnly(state);
                runs(faultRuns, healthy, Map.of());
                mounts.close();
            }
            case STATE_FULL -> {
                mounts.tmpfs(state, "128k");
                Path filler = Mounts.fill(state);
                runs(faultRuns, healthy, Map.of());
                Files.delete(filler); // the disk has room again; the tmpfs stays
            }
            case CORRUPT_SPOOL -> {
                faultRuns.add(run(closedPort(), Map.of())); // leaves a real spool file to damage copies of
                damageSpool(machine.spoolDir("forge"));
                runs(faultRuns, healthy, Map.of());
            }
            case CORRUPT_SETTINGS -> {
                Path settings = machine.configDir().resolve("forge/telemetry.properties");
                Path consent = machine.configDir().resolve("candor/consent.properties");
                Files.createDirectories(settings.getParent());
                Files.createDirectories(consent.getParent());
                Files.write(settings, new byte[] {'l', 'e', 'v', 'e', 'l', '=', (byte) 0xff, 0, '\n', '='});
                Files.writeString(consent, "\u0000\u0000garbage");
                runs(faultRuns, healthy, Map.of());
                Files.delete(settings); // the user repairs them
                Files.delete(consent);
            }
            case CONCURRENT_2, CONCURRENT_10 ->
                concurrently(faultRuns, healthy, fault == ClientFault.CONCURRENT_2 ? 2 : 10);
            case CLOCK_AHEAD, CLOCK_BEHIND -> {
                assertThat(FAKETIME)
                        .as("libfaketime (Debian: faketime; bin/test installs it)")
                        .exists();
                // Runs with a wrong clock while the collector is down, so their files wait in the spool for runs
                // with the right clock; their events' times are what the collector has to judge.
                runs(
                        faultRuns,
                        closedPort(),
                        Map.of(
                                "LD_PRELOAD",
                                FAKETIME.toString(),
                                "FAKETIME_DONT_FAKE_MONOTONIC",
                                "1",
                                "FAKETIME",
                                fault == ClientFault.CLOCK_AHEAD ? "+400d" : "-400d"));
            }
            default -> throw new IllegalStateException(fault.name());
        }

        int recoveryRuns = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        do { // the user goes on; later runs send what waited, once their backoff allows
            healthyRuns.add(run(healthy, Map.of()));
            recoveryRuns++;
        } while ((spooledFiles() > 0 || !allStored(healthyRuns)) && System.nanoTime() < deadline);

        long perRun = stored(List.of(healthyRuns.get(0)));
        long generated = perRun * faultRuns.size();
        long delivered = stored(faultRuns);
        List<String> wire = endpoint.forwardedUids();
        long wireDuplicates = wire.size() - new HashSet<>(wire).size();
        long storedDuplicates = ((Number)
                        StoreQueries.rows(collector, "SELECT count(*) - count(DISTINCT event_id) FROM events")
                                .get(0)
                                .get(0))
                .longValue();
        REPORT.put(
                fault,
                String.format(
                        Locale.ROOT,
                        "client fault: %-16s runs=%d generated=%d delivered=%d"
                                + " duplicates_on_the_wire=%d stored_duplicates=%d max_spool=%d bytes/%d files recovery_runs=%d"
                                + " (all runs: %d events reached the collector, %d stored) stdout_and_exit=as_with_telemetry_off",
                        fault,
                        faultRuns.size(),
                        generated,
                        delivered,
                        wireDuplicates,
                        storedDuplicates,
                        maxSpoolBytes,
                        maxSpoolFiles,
                        recoveryRuns,
                        wire.size(),
                        StoreQueries.count(collector, "") - warmUp));

        assertThat(perRun).as("events of one healthy run").isPositive();
        assertThat(allStored(healthyRuns))
                .as("every healthy run's events, after recovery")
                .isTrue();
        assertThat(spooledFiles()).as("files left in the spool after recovery").isZero();
        assertThat(maxSpoolBytes).isLessThanOrEqualTo(SPOOL_CAP_BYTES);
        assertThat(maxSpoolFiles).isLessThanOrEqualTo(SPOOL_CAP_FILES);
        assertThat(storedDuplicates).isZero();
        if (fault != ClientFault.SLOW) {
            assertThat(wireDuplicates)
                    .as(
                            "event ids that reached the collector twice, of the runs %s (runs in order: %s)",
                            sessionsOf(twice(wire)),
                            healthyRuns.get(0) + " (first) " + faultRuns + " (fault) "
                                    + healthyRuns.subList(1, healthyRuns.size()) + " (recovery)")
                    .isZero();
        }
        if (fault.keeps()) {
            assertThat(delivered)
                    .as("events of the fault's runs delivered after recovery")
                    .isEqualTo(generated);
        } else if (fault == ClientFault.ANSWERS_500 || fault == ClientFault.CORRUPT_SETTINGS) {
            assertThat(delivered)
                    .as("events a 500 rejected, or that an unreadable consent file kept from being collected")
                    .isZero();
        }
    }

    /** One forge run with a session id of the test's; asserts its stdout and exit code; returns the session id. */
    private String run(URI url, Map<String, String> env) throws Exception {
        return awaitRun(start(url, env));
    }

    private void runs(List<String> sessions, URI url, Map<String, String> env) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            sessions.add(run(url, env));
        }
    }

    private void concurrently(List<String> sessions, URI url, int n) throws Exception {
        List<Started> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(start(url, Map.of()));
        }
        for (Started s : started) {
            sessions.add(awaitRun(s));
        }
    }

    private record Started(Process process, String session, Path out, Path err) {}

    private Started start(URI url, Map<String, String> env) throws IOException {
        String session = UUID.randomUUID().toString();
        Map<String, String> all = new HashMap<>(env);
        all.put("FORGE_TELEMETRY_SESSIONID", session);
        int n = ++runs;
        Path out = root.resolve("run-" + n + ".out");
        Path err = root.resolve("run-" + n + ".err");
        return new Started(
                ForgeProcess.start(machine, url, all, out, err, "build", "--project", project.toString()),
                session,
                out,
                err);
    }

    private String awaitRun(Started s) throws Exception {
        assertThat(s.process().waitFor(120, TimeUnit.SECONDS)).as("forge ended").isTrue();
        assertThat(Files.readString(s.out()))
                .as("stdout; stderr was: %s", Files.readString(s.err()))
                .isEqualTo(referenceOut);
        assertThat(s.process().exitValue()).as("exit code").isEqualTo(referenceExit);
        measureSpool();
        return s.session();
    }

    private void measureSpool() throws IOException {
        Path spool = machine.spoolDir("forge");
        if (!Files.isDirectory(spool)) {
            return;
        }
        long bytes = 0;
        long files = 0;
        try (Stream<Path> list = Files.list(spool)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".otlp")).toList()) {
                bytes += Files.size(f);
                files++;
            }
        }
        maxSpoolBytes = Math.max(maxSpoolBytes, bytes);
        maxSpoolFiles = Math.max(maxSpoolFiles, files);
    }

    private long spooledFiles() throws IOException {
        return machine.spooledFiles("forge");
    }

    private long stored(List<String> sessions) {
        return StoreQueries.count(collector, "session_id IN ('" + String.join("','", sessions) + "')");
    }

    private boolean allStored(List<String> sessions) {
        return ((Number) StoreQueries.rows(
                                        collector,
                                        "SELECT count(DISTINCT session_id) FROM events WHERE session_id IN ('"
                                                + String.join("','", sessions) + "')")
                                .get(0)
                                .get(0))
                        .longValue()
                == sessions.size();
    }

    /**
     * Beside the real queued file: a truncated copy, a copy with one byte changed, random bytes, an
     * empty file (all with names a queue file would have), and a garbled endpoint-health note. The
     * copies carry the real file's event ids: were any of them sent, the ids would arrive twice.
     */
    private static void damageSpool(Path spool) throws IOException {
        Path real;
        try (Stream<Path> files = Files.list(spool)) {
            real = files.filter(p -> p.toString().endsWith(".otlp")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(real);
        String stem = real.getFileName().toString().substring(0, 14);
        Files.write(spool.resolve(stem + "all-0000000000000a1.otlp"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 10] ^= 0x20;
        Files.write(spool.resolve(stem + "all-0000000000000a2.otlp"), flipped);
        byte[] noise = new byte[2048];
        new java.util.Random(7).nextBytes(noise);
        Files.write(spool.resolve(stem + "all-0000000000000a3.otlp"), noise);
        Files.write(spool.resolve(stem + "all-0000000000000a4.otlp"), new byte[0]);
        Files.writeString(spool.resolve(".endpoint-health"), "FAILING not-a-number \u0000");
    }

    private static Set<String> twice(List<String> uids) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        uids.forEach(u -> (seen.add(u) ? seen : twice).add(u));
        return twice;
    }

    private List<Object> sessionsOf(Set<String> uids) {
        return uids.isEmpty()
                ? List.of()
                : StoreQueries.rows(
                                collector,
                                "SELECT DISTINCT session_id FROM events WHERE event_id IN ('" + String.join("','", uids)
                                        + "')")
                        .stream()
                        .map(r -> r.get(0))
                        .toList();
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    /** Accepts, reads a little, answers bytes that are not HTTP and hangs up. */
    private static final class GarbageServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        GarbageServer() throws IOException {
            Thread t = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try (java.net.Socket s = server.accept()) {
                                s.getInputStream().read(new byte[8192]);
                                s.getOutputStream()
                                        .write("NOT HTTP\r\n\r\n\u0000\u00ff"
                                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                            } catch (IOException e) {
                                // closed, or the client gave up: next one
                            }
                        }
                    },
                    "garbage-endpoint");
            t.setDaemon(true);
            t.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
