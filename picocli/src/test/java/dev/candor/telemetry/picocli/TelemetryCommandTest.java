package dev.candor.telemetry.picocli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.common.OwnerProof;
import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.picocli.GreeterApp.Result;
import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import dev.candor.telemetry.testing.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready-made {@code telemetry} subcommand: status, enable, disable, show, catalog, export, forget. */
class TelemetryCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice(GreeterApp.TOOL);
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    private Result run(URI endpoint, String... args) {
        Telemetry t = machine.telemetry(GreeterApp.TOOL, endpoint)
                .catalog(GreeterApp.catalog())
                .exitBudget(Duration.ofSeconds(5))
                .build();
        return GreeterApp.run(GreeterApp.installed(t), args);
    }

    private Result run(String... args) {
        return run(collector.url(), args);
    }

    /** An endpoint where nothing listens. */
    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private Path state(String name) {
        return machine.stateDir(GreeterApp.TOOL).resolve(name);
    }

    /** One run sent (in telemetry.log), then one queued because the endpoint is down. */
    private void oneSentAndOneQueued() throws Exception {
        assertThat(run("greet", "--mode", "fast").exit()).isZero();
        assertThat(collector.awaitRequests(1, WAIT)).isTrue();
        assertThat(run(closedPort(), "greet", "--mode", "slow").exit()).isZero();
    }

    @Test
    void statusReportsTheLevelAndWhy() {
        Result r = run("telemetry", "status");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("Telemetry level: all (decided by the tool's default")
                .contains("Notice shown: yes")
                .contains("GREETER_TELEMETRY_OPTOUT=1");

        machine.env.put("GREETER_TELEMETRY_OPTOUT", "1");
        assertThat(run("telemetry", "status").out())
                .contains("Telemetry level: off (decided by GREETER_TELEMETRY_OPTOUT is set)");
        assertThat(collector.requests()).isEmpty();
    }

    @Test
    void statusHelpPrintsUsage() {
        Result r = run("telemetry", "status", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: greeter telemetry status");
        assertThat(r.out()).doesNotContain("Telemetry level:");
    }

    @Test
    void disableWritesOffDeletesLocalDataAndSendsNothing() throws Exception {
        oneSentAndOneQueued();
        assertThat(state("machine-id")).exists();
        assertThat(state("installation-secret")).exists();
        assertThat(state("telemetry.log")).exists();
        assertThat(state("spool")).isNotEmptyDirectory();

        try (RecordingCollector watcher = RecordingCollector.start()) {
            Result r = run(watcher.url(), "telemetry", "disable");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Telemetry disabled in");
            assertThat(machine.configDir().resolve("greeter/telemetry.properties"))
                    .content()
                    .contains("level=off");
            assertThat(state("machine-id")).doesNotExist();
            assertThat(state("installation-secret")).doesNotExist();
            assertThat(state("spool")).doesNotExist();
            assertThat(state("telemetry.log")).doesNotExist();

            // Neither disable nor any later run sends anything (no "opted out" event).
            assertThat(run(watcher.url(), "greet").exit()).isZero();
            assertThat(watcher.awaitRequests(1, Duration.ofMillis(300))).isFalse();
            assertThat(state("spool")).doesNotExist();
            assertThat(run(watcher.url(), "telemetry", "status").out()).contains("Telemetry level: off");
        }
    }

    @Test
    void enableSetsTheLevelAndCrashCollectsOnlyCrashes() throws Exception {
        Result r = run("telemetry", "enable", "--level", "crash");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Telemetry level set to crash");
        assertThat(machine.configDir().resolve("greeter/telemetry.properties"))
                .content()
                .contains("level=crash");
        assertThat(run("telemetry", "status").out()).contains("Telemetry level: crash");

        assertThat(run("boom").exit()).isEqualTo(1);
        assertThat(collector.awaitRequests(1, WAIT)).isTrue();
        assertThat(Wire.eventNames(collector.requests().get(0).body())).containsExactly("cli.crash");
        assertThat(run("greet").exit()).isZero();
        assertThat(run("telemetry", "show").out()).contains("# Queued, not yet sent (0)");

        Result loud = run("telemetry", "enable", "--level", "loud");
        assertThat(loud.exit()).as("a usage mistake").isEqualTo(2);
        assertThat(loud.err()).contains("--level must be off, crash, error or all, not 'loud'");
    }

    @Test
    void showPrintsWhatIsQueuedAndWhatWasSent() throws Exception {
        oneSentAndOneQueued();
        Result r = run("telemetry", "show");

        assertThat(r.exit()).isZero();
        String[] parts = r.out().split("# Sent \\(");
        assertThat(parts).hasSize(2);
        assertThat(parts[0])
                .startsWith("# Queued, not yet sent (1)")
                .contains("\"eventName\": \"cli.command\"")
                .contains("\"stringValue\": \"slow\"");
        assertThat(parts[1])
                .startsWith("1)")
                .contains("\"eventName\": \"cli.command\"")
                .contains("\"stringValue\": \"fast\"")
                .doesNotContain("\"stringValue\": \"slow\"");
        Result json = run("telemetry", "show", "--json");
        assertThat(json.out().strip().lines()).singleElement().asString().startsWith("{\"queued\":[{");
    }

    @Test
    void theManagementSubcommandPrintsTheToolsVersionAndOffersNoRunSwitches() {
        assertThat(run("telemetry", "-V").out().strip()).isEqualTo("greeter 1.2.3");
        assertThat(run("telemetry", "status", "--version").out().strip()).isEqualTo("greeter 1.2.3");
        Result help = run("telemetry", "status", "--help");
        assertThat(help.out()).doesNotContain("--telemetry").doesNotContain("--no-telemetry");
        Result switched = run("telemetry", "status", "--no-telemetry");
        assertThat(switched.exit()).isEqualTo(2);
        assertThat(switched.err()).contains("Unknown option: '--no-telemetry'");
        assertThat(run("greet", "--no-telemetry").exit())
                .as("the tool's own commands keep them")
                .isZero();
    }

    @Test
    void catalogSubcommandPrintsTheCatalog() {
        Result r = run("telemetry", "catalog");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("{\n  \"schema\": \"candor.catalog.v1\",\n")
                .contains("\"name\": \"cli.crash\"", "\"name\": \"command.option.mode\"");
        Result json = run("telemetry", "catalog", "--json");
        assertThat(json.out().strip())
                .doesNotContain("\n")
                .contains("\"schema\":\"candor.catalog.v1\"", "\"name\":\"cli.crash\"");
        assertThat(collector.requests()).isEmpty();
    }

    @Test
    void exportWritesAZipWithoutTheMachineIdOrTheSecret() throws Exception {
        oneSentAndOneQueued();
        String machineId = Files.readString(state("machine-id")).trim();
        String secret = Files.readString(state("installation-secret")).trim();
        Path zip = root.resolve("out/greeter-export.zip");

        Result r = run("telemetry", "export", "-o", zip.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Wrote");
        Map<String, String> entries = unzip(zip);
        assertThat(entries.keySet())
                .contains("README.txt", "status.txt", "queued/0000.json", "sent/telemetry.log")
                .noneMatch(name -> name.contains("secret") || name.contains("machine-id"));
        assertThat(entries.get("queued/0000.json")).contains("cli.command").contains("<REDACTED: machine-id>");
        assertThat(entries.get("sent/telemetry.log")).contains("cli.command").contains("<REDACTED: machine-id>");
        entries.forEach((name, text) -> assertThat(text)
                .as(name)
                .doesNotContain(machineId)
                .doesNotContain(secret)
                .doesNotContain(machine.stateDir(GreeterApp.TOOL).toString()));
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void forgetAsksTheCollectorToDeleteThisMachineAndResetsTheIds() throws Exception {
        assertThat(run("greet").exit()).isZero();
        assertThat(collector.awaitRequests(1, WAIT)).isTrue();
        String before = Files.readString(state("machine-id")).trim();
        String[] owner = Files.readString(state("owner-key")).trim().split("\n");
        collector.thenAnswer(200, Map.of(), "{}");

        Result r = run("telemetry", "forget");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("The collector erased this machine's events.");
        assertThat(collector.requests()).hasSize(2);
        RecordingCollector.Request forget = collector.requests().get(1);
        assertThat(forget.method()).isEqualTo("POST");
        assertThat(forget.target()).isEqualTo("/v1/forget");
        assertThat(forget.headers()).containsEntry("authorization", "Bearer greeter-public-ingest-key");
        assertThat(forget.body()).contains(before).contains(owner[1]).doesNotContain(owner[0]);
        assertThat(OwnerProof.verify(
                        owner[1],
                        OwnerProof.message(
                                "/v1/forget",
                                GreeterApp.TOOL,
                                before,
                                owner[1],
                                field(forget.body(), "time"),
                                field(forget.body(), "nonce")),
                        field(forget.body(), "signature")))
                .as("signed by this installation's owner key, for forget")
                .isTrue();
        assertThat(state("machine-id")).doesNotExist();
        assertThat(state("installation-secret")).doesNotExist();
        assertThat(state("owner-key"))
                .as("a new key after a forget: new events are not linked")
                .doesNotExist();

        assertThat(run("greet").exit()).isZero();
        assertThat(Files.readString(state("machine-id")).trim()).isNotEqualTo(before);
    }

    /** A string or number field of a small flat JSON object, as the SDK writes its requests. */
    private static <T> T field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(\"([^\"]*)\"|(\\d+))")
                .matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        @SuppressWarnings("unchecked")
        T value = (T) (m.group(2) != null ? m.group(2) : Long.valueOf(m.group(3)));
        return value;
    }

    @Test
    void fetchWritesWhatTheCollectorHoldsAndSummarizesIt() throws Exception {
        assertThat(run("greet").exit()).isZero();
        assertThat(collector.awaitRequests(1, WAIT)).isTrue();
        String held = "{\"eventCount\":2,\"dailyRowCount\":1,\"truncated\":false,\"tool\":\"greeter\","
                + "\"events\":[{\"eventName\":\"cli.command\"},{\"eventName\":\"cli.command\"}],\"daily\":[{}]}";
        collector.thenAnswer(200, Map.of(), held);
        Path out = root.resolve("held.json");

        Result r = run("telemetry", "fetch", "--output", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("The collector holds 2 events of this installation and 1 row of daily counts.")
                .contains("Wrote " + out);
        assertThat(Files.readString(out).trim()).isEqualTo(held);
        RecordingCollector.Request access = collector.requests().get(1);
        assertThat(access.target()).isEqualTo("/v1/access");
        String[] owner = Files.readString(state("owner-key")).trim().split("\n");
        assertThat(OwnerProof.verify(
                        owner[1],
                        OwnerProof.message(
                                "/v1/access",
                                GreeterApp.TOOL,
                                field(access.body(), "machineId"),
                                owner[1],
                                field(access.body(), "time"),
                                field(access.body(), "nonce")),
                        field(access.body(), "signature")))
                .isTrue();
        assertThat(state("machine-id")).as("fetch changes nothing here").exists();
    }

    @Test
    void fetchSaysClearlyWhenTheCollectorRefusesOrAnswersNonsense() throws Exception {
        assertThat(run("greet").exit()).isZero();
        assertThat(collector.awaitRequests(1, WAIT)).isTrue();
        collector.thenAnswer(403, Map.of(), "{\"code\":7,\"message\":\"the signature does not verify\"}");
        collector.thenAnswer(200, Map.of(), "<html>a captive portal</html>");

        Result refused = run("telemetry", "fetch", "-o", "-");
        Result nonsense = run("telemetry", "fetch", "-o", "-");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().trim())
                .isEqualTo(
                        "greeter telemetry: Not fetched: the collector answered HTTP 403: the signature does not verify.");
        assertThat(nonsense.exit()).isEqualTo(1);
        assertThat(nonsense.err()).contains("not a complete Candor access document");
        assertThat(refused.out() + nonsense.out()).isEmpty();
    }

    @Test
    void exportCanIncludeWhatTheCollectorHoldsRedactedAsTheRest() throws Exception {
        assertThat(run("greet").exit()).isZero();
        assertThat(collector.awaitRequests(1, WAIT)).isTrue();
        String machineId = Files.readString(state("machine-id")).trim();
        collector.thenAnswer(
                200,
                Map.of(),
                "{\"eventCount\":0,\"dailyRowCount\":0,\"truncated\":false,\"events\":[]," + "\"daily\":[],\"note\":\""
                        + machineId + "\"}");
        Path zip = root.resolve("export.zip");

        Result r = run("telemetry", "export", "--with-collector-data", "-o", zip.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("With the collector's data: The collector holds nothing for this installation.");
        Map<String, String> files = unzip(zip);
        assertThat(files.get("collector/held.json"))
                .contains("<REDACTED: machine-id>")
                .doesNotContain(machineId);
        String ownerKey = Files.readString(state("owner-key")).trim().split("\n")[1];
        assertThat(String.join("\n", files.values())).doesNotContain(ownerKey).doesNotContain(machineId);
    }

    @Test
    void forgetWithTheCollectorDownFailsClearlyAndKeepsTheIds() throws Exception {
        assertThat(run("greet").exit()).isZero();
        String machineId = Files.readString(state("machine-id"));
        String secret = Files.readString(state("installation-secret"));

        Result r = run(closedPort(), "telemetry", "forget");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().trim())
                .startsWith("greeter telemetry: Not forgotten: could not reach the collector")
                .endsWith("Local ids were kept so you can try again.");
        assertThat(r.err().trim().lines()).hasSize(1);
        assertThat(state("machine-id")).hasContent(machineId);
        assertThat(state("installation-secret")).hasContent(secret);
    }
}
