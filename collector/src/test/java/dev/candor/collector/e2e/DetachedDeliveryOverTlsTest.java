package dev.candor.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.BinForge;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.HoldingHttpsProxy;
import dev.candor.collector.testing.TestKeystore;
import dev.candor.telemetry.testing.TestMachine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery as deployed: the real {@code bin/forge}, interactive (not CI, so no exit budget), sending
 * to the real collector over HTTPS with a keystore this test makes. Every event arrives within a
 * minute with no further run, the tool's output closes when it exits, an opt-out stops what was
 * queued, and an uploader killed mid-request loses nothing and stores nothing twice.
 */
class DetachedDeliveryOverTlsTest {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path keystore;
    private Path trustStore;
    private Path caFile;
    private SSLContext ssl;
    private SSLContext serverSsl;

    @BeforeEach
    void makeKeystore() throws Exception {
        TestKeystore tls = TestKeystore.create(dir.resolve("tls"));
        keystore = tls.keystore();
        trustStore = tls.trustStore();
        caFile = tls.caFile();
        ssl = tls.clientTls();
        serverSsl = tls.serverTls();
    }

    private CollectorProcess collector(String name) throws Exception {
        return CollectorProcess.start(
                dir.resolve(name),
                dir.resolve(name + ".log"),
                Map.of("CANDOR_TLS_KEYSTORE", keystore.toString(), "CANDOR_TLS_KEYSTORE_PASSWORD", "test-pass"));
    }

    private TestMachine machine(String name) throws Exception {
        return BinForge.machineWithProject(dir.resolve(name));
    }

    /** forge trusting the collector through the JVM's own trust settings, as the delivery issue's user did. */
    private Map<String, String> viaJvmTrust(int port) {
        return Map.of(
                "FORGE_TELEMETRY_ENDPOINT",
                "https://localhost:" + port,
                "JAVA_TOOL_OPTIONS",
                "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=trust-pass");
    }

    /** forge trusting the collector's certificate through the SDK's CA-file setting. */
    private Map<String, String> viaCaFile(int port) {
        return Map.of(
                "FORGE_TELEMETRY_ENDPOINT", "https://localhost:" + port, "FORGE_TELEMETRY_CA_FILE", caFile.toString());
    }

    @Test
    void tenInteractiveRunsAreStoredWithinAMinuteWithNoFurtherRun() throws Exception {
        TestMachine m = machine("user");
        try (CollectorProcess c = collector("data")) {
            for (int i = 0; i < 10; i++) {
                BinForge.Result r = BinForge.run(m, viaJvmTrust(c.baseUri().getPort()), "build");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.err()).as("nothing about telemetry on stderr").doesNotContain("telemetry");
            }
            Eventually.within(MINUTE, "all 10 events stored, with no further run", () -> stored(c) == 10);
            assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 70, TimeUnit.SECONDS))
                    .as("no uploader left")
                    .isTrue();
            assertThat(m.spooledFiles("forge")).isZero();
            assertThat(metric(c, "candor_events_duplicate_total")).isZero();
        }
    }

    @Test
    void aPipedRunEndsWhenForgeDoesWhileItsUploadWaits() throws Exception {
        TestMachine m = machine("user");
        try (CollectorProcess c = collector("data")) {
            BinForge.run(m, viaCaFile(c.baseUri().getPort()), "--version"); // bin/forge's first use may build and train
            BinForge.Result piped = BinForge.shell(m, viaCaFile(c.baseUri().getPort()), "\"$FORGE\" build | cat");
            assertThat(piped.exit()).as(piped.err()).isZero();
            assertThat(piped.out()).contains("Build succeeded");
            assertThat(BinForge.uploaders(m.stateDir("forge")))
                    .as("the upload is still to come")
                    .isNotEmpty();
            assertThat(piped.millis())
                    .as("the pipe closed when forge exited, not when the upload ended")
                    .isLessThan(10_000);
            Eventually.within(
                    MINUTE, "the piped run's event stored (trusted through the CA file)", () -> stored(c) == 1);
            assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 70, TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    @Test
    void afterAnOptOutNothingQueuedBeforeLeavesTheMachine() throws Exception {
        try (CollectorProcess c = collector("data")) {
            Map<String, Map<String, String>> optOuts = Map.of(
                    "optout",
                    Map.of("FORGE_TELEMETRY_OPTOUT", "1"),
                    "dnt",
                    Map.of("DO_NOT_TRACK", "1"),
                    "disable",
                    Map.of());
            Map<String, TestMachine> machines = new HashMap<>();
            for (String name : optOuts.keySet()) {
                TestMachine m = machine(name);
                machines.put(name, m);
                assertThat(BinForge.run(m, viaCaFile(c.baseUri().getPort()), "build")
                                .exit())
                        .isZero();
                assertThat(m.spooledFiles("forge"))
                        .as("queued, the uploader waits for its batch")
                        .isEqualTo(1);
            }
            for (Map.Entry<String, TestMachine> e : machines.entrySet()) {
                Map<String, String> env = new HashMap<>(viaCaFile(c.baseUri().getPort()));
                env.putAll(optOuts.get(e.getKey()));
                BinForge.Result r = e.getKey().equals("disable")
                        ? BinForge.run(e.getValue(), env, "telemetry", "disable")
                        : BinForge.run(e.getValue(), env, "build");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(e.getValue().spooledFiles("forge"))
                        .as(e.getKey() + " deletes what was queued")
                        .isZero();
            }
            for (TestMachine m : machines.values()) {
                assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 70, TimeUnit.SECONDS))
                        .isTrue();
            }
            assertThat(stored(c)).as("nothing reached the collector").isZero();
            assertThat(metric(c, "candor_http_requests_total{route=\"/v1/logs\""))
                    .as("not even a request")
                    .isZero();
        }
    }

    @Test
    void anUploaderKilledMidRequestLosesNothingAndNothingIsStoredTwice() throws Exception {
        TestMachine m = machine("user");
        Path data = dir.resolve("data");
        try (CollectorProcess c = collector("data");
                HoldingHttpsProxy proxy = HoldingHttpsProxy.start(c.baseUri(), serverSsl, ssl)) {
            for (int i = 0; i < 3; i++) {
                assertThat(BinForge.run(m, viaCaFile(proxy.port()), "build").exit())
                        .isZero();
            }
            assertThat(proxy.awaitAnswerHeld(60, TimeUnit.SECONDS))
                    .as("the collector answered the upload")
                    .isTrue();
            Eventually.within(MINUTE, "the batch stored before its answer was heard", () -> stored(c) == 3);
            List<ProcessHandle> uploaders = BinForge.uploaders(m.stateDir("forge"));
            assertThat(uploaders).isNotEmpty();
            uploaders.forEach(ProcessHandle::destroyForcibly); // SIGKILL, with the answer still on its way
            assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 10, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(m.spooledFiles("forge"))
                    .as("unacknowledged, so still queued")
                    .isEqualTo(3);
            proxy.release();

            assertThat(BinForge.run(m, viaCaFile(proxy.port()), "build").exit()).isZero();
            Eventually.within(MINUTE, "the resent batch and the new event", () -> m.spooledFiles("forge") == 0);
            assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 70, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(stored(c)).isEqualTo(4);
            assertThat(metric(c, "candor_events_duplicate_total"))
                    .as("the resent three, kept once")
                    .isEqualTo(3);
            c.kill();
        }
        List<String> ids = CollectorProcess.storedEventIds(data, dir.resolve("replay.log"));
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    }

    /**
     * The first uploader leaves a class archive that later ones map (about 15 % less CPU over HTTPS), and
     * an archive gone bad (here cut in half, as a full disk might leave it) costs no event: the start it
     * breaks is noticed by the next run, which starts an uploader without it and writes a new one.
     */
    @Test
    void laterUploadersMapTheFirstOnesClassArchiveAndABrokenOneLosesNothing() throws Exception {
        TestMachine m = machine("user");
        Path spool = m.stateDir("forge").resolve("spool");
        try (CollectorProcess c = collector("data")) {
            assertThat(BinForge.run(m, viaCaFile(c.baseUri().getPort()), "build")
                            .exit())
                    .isZero();
            Eventually.within(MINUTE, "the first event stored", () -> stored(c) == 1);
            assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 70, TimeUnit.SECONDS))
                    .isTrue();
            Path archive = onlyArchive(spool);
            assertThat(Files.size(archive))
                    .as("the JDK's TLS classes are in it")
                    .isGreaterThan(1_000_000);

            byte[] whole = Files.readAllBytes(archive);
            Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
            assertThat(BinForge.run(m, viaCaFile(c.baseUri().getPort()), "build")
                            .exit())
                    .isZero();
            // That start is over once its shell and JVM are gone; its stamp is then made 6 s old, as the
            // next run would find it a few seconds later (a start younger than 5 s counts as starting).
            Eventually.within(
                    MINUTE,
                    "the uploader the broken archive crashed has ended",
                    () -> BinForge.uploaders(m.stateDir("forge")).isEmpty());
            Path stamp = spool.resolve(".uploader-started");
            if (Files.exists(stamp)) {
                Files.setLastModifiedTime(
                        stamp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 6_000));
            }
            assertThat(BinForge.run(m, viaCaFile(c.baseUri().getPort()), "build")
                            .exit())
                    .isZero();
            Eventually.within(Duration.ofSeconds(90), "both later events stored", () -> stored(c) == 3);
            assertThat(BinForge.awaitNoUploader(m.stateDir("forge"), 70, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(m.spooledFiles("forge")).isZero();
            assertThat(Files.size(onlyArchive(spool)))
                    .as("a whole archive again")
                    .isGreaterThan(1_000_000);
            assertThat(metric(c, "candor_events_duplicate_total")).isZero();
        }
    }

    /** The one class archive in the spool; no half-written one is left beside it. */
    private static Path onlyArchive(Path spool) throws Exception {
        try (var files = Files.list(spool)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".jsa"))
                    .toList();
            assertThat(names).hasSize(1);
            assertThat(names.get(0)).startsWith(".uploader-classes-").endsWith(".jsa");
            return spool.resolve(names.get(0));
        }
    }

    private long stored(CollectorProcess c) throws Exception {
        return metric(c, "candor_events_stored_total");
    }

    /** A counter from the collector's /metrics, summed over its labels ({@code name} may end in a label filter). */
    private long metric(CollectorProcess c, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder()
                .sslContext(ssl)
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "https://localhost:" + c.baseUri().getPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + (name.contains("{") ? "" : "{")))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
