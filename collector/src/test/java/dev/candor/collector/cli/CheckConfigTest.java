package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.TestKeystore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code candor check-config} reports every check a start makes, not just the first that fails, exits
 * 2 when a start would stop, and writes nothing: the data folder a start would create is still absent.
 */
class CheckConfigTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {}

    private Run check(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new CheckConfigCommand(env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return new Run(cl.execute(args), out.toString());
    }

    private Path catalog(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The sample tool's catalog, as an operator's file. */
    private Path forgeCatalog() throws Exception {
        try (var in = CheckConfigTest.class.getResourceAsStream("/catalogs/forge.json")) {
            return Files.write(dir.resolve("forge-catalog.json"), in.readAllBytes());
        }
    }

    @Test
    void aGoodConfigurationPassesWithEveryCheckNamedAndNothingIsWritten() throws Exception {
        TestKeystore keys = TestKeystore.create(dir.resolve("tls"));
        Path data = dir.resolve("var/candor");
        forgeCatalog();
        Path file = Files.writeString(
                dir.resolve("candor.conf"),
                "port = 0\n"
                        + "data-dir = " + data + "\n"
                        + "tools = forge:forge-ingest-key-for-the-check:forge-catalog.json\n"
                        + "tls-keystore = tls/" + keys.keystore().getFileName() + "\n");

        Run run = check(Map.of("CANDOR_TLS_KEYSTORE_PASSWORD", TestKeystore.PASSWORD), "--config", file.toString());

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("ok       configuration    " + file)
                .containsPattern(
                        "warning +tls-keystore +the TLS certificate of '.+' in .+ expires at") // a 2-day certificate
                .contains("ok       listen           127.0.0.1: any free port")
                .containsPattern("ok +tool forge +catalog .*forge-catalog.json, [0-9]+ events")
                .contains("ok       admin-token      none yet: the first start generates one")
                .contains("ok       server-secret    none yet")
                .contains("ok       data-dir         " + data + " does not exist yet")
                .contains("A start would pass, with 1 warning(s).");
        assertThat(data).as("check-config writes nothing").doesNotExist();
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void everyFailingCheckIsReportedAndTheExitIsTwo() throws Exception {
        TestKeystore keys = TestKeystore.create(dir.resolve("tls"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("server.secret"), "not-a-secret\n");
        catalog("broken.json", "{\"schema\": \"candor.catalog.v1\", \"events\": [");
        forgeCatalog();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Path file = Files.writeString(
                    dir.resolve("candor.conf"),
                    "port = " + port + "\n"
                            + "data-dir = " + data + "\n"
                            + "tools = broken:broken-ingest-key-for-the-check:broken.json,"
                            + " forge:forge-ingest-key-for-the-check:forge-catalog.json\n"
                            + "tls-keystore = " + keys.trustStore() + "\n");

            Run run = check(
                    Map.of("CANDOR_TLS_KEYSTORE_PASSWORD", TestKeystore.TRUST_PASSWORD), "--config", file.toString());

            assertThat(run.exit()).as(run.out()).isEqualTo(2);
            assertThat(run.out())
                    .containsPattern("failed +tls-keystore +tls-keystore: .* holds no private key")
                    .contains("failed   listen           port: " + port + " on 127.0.0.1 is in use by another process")
                    .containsPattern("failed +tool broken +.*broken.json")
                    .containsPattern("ok +tool forge ")
                    .containsPattern("failed +server-secret +.*server.secret is not a server secret")
                    .contains("A start would stop: tls-keystore, listen, tool broken, server-secret failed.")
                    .contains("A collector that is running holds its own port.");
        }
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("server.secret");
        }
    }

    @Test
    void onlyTheDemoToolIsAWarningAndRetentionOfOneDayReadsSo() throws Exception {
        Run run = check(Map.of(), "--data-dir", dir.resolve("d").toString(), "--port", "0");
        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .containsPattern("warning +tools +no tools are configured: only the sample tool forge is registered");

        dev.candor.collector.testing.CandorRun retention = dev.candor.collector.testing.CandorRun.of(
                "retention",
                "--dry-run",
                "--days",
                "1",
                "--data-dir",
                dir.resolve("store").toString());
        assertThat(retention.exit()).as(retention.err()).isZero();
        assertThat(retention.out()).contains("(retention 1 day); 0 raw events stored");
    }

    @Test
    void aConfigurationThatDoesNotLoadIsOneLineAndExitTwo() throws Exception {
        Run misspelt = check(Map.of("CANDOR_RETENTON_DAYS", "5"));
        assertThat(misspelt.exit()).isEqualTo(2);
        assertThat(misspelt.out()).startsWith("failed   configuration    ").contains("CANDOR_RETENTION_DAYS");
        assertThat(misspelt.out().lines()).hasSize(2);

        Path twice = Files.writeString(dir.resolve("twice.conf"), "port = 1\nport = 2\n");
        Run dup = check(Map.of(), "--config", twice.toString());
        assertThat(dup.exit()).isEqualTo(2);
        assertThat(dup.out()).contains("port").contains("twice.conf");
    }
}
