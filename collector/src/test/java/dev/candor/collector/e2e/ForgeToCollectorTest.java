package dev.candor.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.IpTruncator;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.enrich.ServerSecret;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.ReadOnlyStore;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.ForgeProcess;
import dev.candor.collector.testing.ForwardingProxy;
import dev.candor.telemetry.testing.TestMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: the real forge, as its own process with its own state folder, sends through a
 * load balancer (a trusted proxy adding X-Forwarded-For) to the real collector process. The events
 * arrive with the country of the forwarded address and a server-hashed machine id, and none of the
 * user's planted identifying strings reaches the data folder or the collector's log.
 */
class ForgeToCollectorTest {
    private static final String USER = "ann.smith-zqplantedw";
    private static final String TOKEN = "ghp_" + "Zq8RtW3kLm9XvB2nPc7YdF4hJs6GaE1uKo5i";
    private static final String SECRET_PROJECT = "acme-secret-launch";
    private static final String CLIENT_IP = "81.2.69.160";

    @TempDir
    Path root;

    @Test
    void forgesEventsArriveEnrichedAndNothingIdentifyingIsKept() throws Exception {
        TestMachine m = new TestMachine(root.resolve("machine"), USER);
        m.acknowledgeNotice("forge");
        Path data = root.resolve("candor-data");
        Path log = root.resolve("collector.log");
        Path project = m.home.resolve(SECRET_PROJECT);
        Path dataset = m.home.resolve("ann.smith@example.org-data.csv");
        Files.writeString(dataset, "rooms,price\n3,300\n4,410\n");

        try (CollectorProcess collector =
                        CollectorProcess.start(data, log, Map.of("CANDOR_TRUSTED_PROXIES", "127.0.0.1"));
                ForwardingProxy proxy = ForwardingProxy.start(collector.baseUri(), CLIENT_IP)) {
            List<String[]> runs = List.of(
                    new String[] {"new", "console", "-o", project.toString(), "--name", "ann.smith"},
                    new String[] {"build", "--project", project.toString(), "--configuration", "Release"},
                    new String[] {
                        "publish",
                        "--api-key",
                        TOKEN,
                        "--source",
                        m.home.resolve("feed").toString(),
                        "--project",
                        project.toString()
                    },
                    new String[] {"auto-train", "--dataset", dataset.toString(), "--task", "regression"},
                    new String[] {"build", "--project", project.toString()});
            for (String[] args : runs) {
                Process p = forge(m, proxy, args);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue())
                        .as("forge %s: %s", args[0], read(root.resolve("forge.err")))
                        .isZero();
            }
            collector.kill(); // every CI-mode run waited for its answer: what it was told is stored is in the journal
        }
        try (CollectorProcess replay = CollectorProcess.start(data, log, Map.of())) {
            replay.kill(); // a start replays the journal into DuckDB before it listens
        }

        String rows = query(data, "SELECT * FROM events ORDER BY event_time");
        String country = CountryLookup.bundled().countryName(IpTruncator.truncate(InetAddress.getByName(CLIENT_IP)));
        assertThat(country).isNotEqualTo("Unknown");
        assertThat(query(data, "SELECT DISTINCT geography FROM events")).isEqualTo("geography\n" + country + "\n");
        assertThat(query(data, "SELECT command FROM events WHERE event_name = 'cli.command' ORDER BY event_time"))
                .isEqualTo("command\nnew\nbuild\npublish\nauto-train\nbuild\n");

        String clientMachineId =
                Files.readString(m.stateDir("forge").resolve("machine-id")).strip();
        String ownerKey = Files.readString(m.stateDir("forge").resolve("owner-key"))
                .strip()
                .split("\n")[1];
        String expected =
                new MachineIdHasher(ServerSecret.load(Optional.empty(), data)).hash("forge", clientMachineId, ownerKey);
        assertThat(query(data, "SELECT DISTINCT machine_id FROM events")).isEqualTo("machine_id\n" + expected + "\n");
        assertThat(rows)
                .as("the owner key is folded into the hash, never stored")
                .doesNotContain(ownerKey);

        List<String> planted = List.of(
                "ann.smith",
                "example.org",
                "example.com",
                TOKEN,
                "ghp_",
                SECRET_PROJECT,
                m.home.toString(),
                USER,
                "zqplantedw",
                CLIENT_IP,
                "81.2.69",
                clientMachineId);
        for (String p : planted) {
            assertThat(rows).as("stored rows contain %s", p).doesNotContain(p);
            assertThat(read(log)).as("collector log contains %s", p).doesNotContain(p);
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String p : planted) {
                    assertThat(bytes).as("%s contains %s", f.getFileName(), p).doesNotContain(p);
                }
            }
        }
    }

    @Test
    void forgeTelemetryForgetErasesThatMachinesEvents() throws Exception {
        TestMachine m = new TestMachine(root.resolve("machine"), "user");
        m.acknowledgeNotice("forge");
        Path data = root.resolve("candor-data");
        Path project = m.home.resolve("app");
        try (CollectorProcess collector = CollectorProcess.start(data, root.resolve("collector.log"), Map.of())) {
            for (String[] args : List.of(
                    new String[] {"new", "console", "-o", project.toString()},
                    new String[] {"build", "--project", project.toString()})) {
                Process p = forge(m, collector.baseUri(), args);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            }
            // No wait needed: forget goes through the journal after every batch acknowledged before it.

            Process forget = forge(m, collector.baseUri(), "telemetry", "forget");
            assertThat(forget.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(forget.exitValue()).as(read(root.resolve("forge.err"))).isZero();
            assertThat(read(root.resolve("forge.out"))).contains("The collector erased this machine's events.");
            collector.kill();
        }

        assertThat(query(data, "SELECT count(*) AS n FROM events")).isEqualTo("n\n0\n");
        assertThat(m.stateDir("forge").resolve("machine-id-reset")).exists();
    }

    private Process forge(TestMachine m, ForwardingProxy proxy, String... args) throws IOException {
        return forge(m, proxy.url(), args);
    }

    private Process forge(TestMachine m, java.net.URI endpoint, String... args) throws IOException {
        return ForgeProcess.start(m, endpoint, Map.of(), root.resolve("forge.out"), root.resolve("forge.err"), args);
    }

    private static String query(Path data, String sql) throws Exception {
        StringWriter out = new StringWriter();
        try (ReadOnlyStore store = ReadOnlyStore.open(data.resolve(DuckDbEventStore.FILE_NAME))) {
            store.query(sql, new PrintWriter(out, true));
        }
        return out.toString();
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
