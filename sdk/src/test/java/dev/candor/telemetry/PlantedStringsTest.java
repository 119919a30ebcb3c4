package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants strings that identify a person (user name in the home path, an e-mail, tokens, a project
 * name) everywhere a tool could pass them, then looks for them in every place telemetry writes:
 * the bytes on the wire, the spool, the trace log, local documents, debug output, the export, logs.
 * Every planted string is long and not hex, so no random id, hash or time can contain it by chance.
 */
class PlantedStringsTest {
    static final String USER = "ann.smith-zqplantedw";
    static final String EMAIL = "ann.smith@example.org";
    static final String GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String PROJECT = "acme-secret-launch";
    static final List<String> PLANTED =
            List.of(USER, "zqplantedw", EMAIL, "example.org", GITHUB_TOKEN, AWS_KEY, PROJECT, "hunter2");

    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;
    final List<String> logLines = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logLines) {
                logLines.add(r.getMessage() + " " + (r.getParameters() == null ? "" : List.of(r.getParameters())));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root, USER);
        Path project = Files.createDirectories(machine.home.resolve("projects").resolve(PROJECT));
        machine.sysProps.put("user.dir", project.toString());
        machine.acknowledgeNotice("forge");
        collector = RecordingCollector.start();
        Logger logger = Logger.getLogger("dev.candor.telemetry");
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("dev.candor.telemetry").removeHandler(capture);
        collector.close();
    }

    private void plantEverything(Telemetry t) throws Exception {
        Path dataset = Files.writeString(
                machine.home.resolve("projects").resolve(PROJECT).resolve(EMAIL + "-data.csv"), "a\n1\n");
        try (TelemetryRun run = t.begin()) {
            run.command(CommandEvent.builder("auto-train")
                    .option("--task", "password=hunter2")
                    .option("--dataset", dataset.toString())
                    .option("--api-key", GITHUB_TOKEN)
                    .option("--owner", EMAIL)
                    .option("--aws", AWS_KEY)
                    .exitCode(1)
                    .build());
            run.event("template.created", Map.of("template", machine.home + "/" + PROJECT + "/template of " + EMAIL));
            run.error(new java.io.IOException("cannot read " + machine.home.resolve(PROJECT)), "auto-train");
            run.crash(new IllegalStateException("user " + USER + " token " + GITHUB_TOKEN + " " + EMAIL), "auto-train");
        }
    }

    private Telemetry.Builder builder() {
        return machine.telemetry("forge", collector.url())
                .catalog(RecordingTest.catalog())
                .exitBudget(Duration.ofSeconds(5));
    }

    @Test
    void nothingPlantedReachesTheWireTheSpoolOrTheTraceLog() throws Exception {
        plantEverything(builder().build());
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        for (RecordingCollector.Request r : collector.requests()) {
            assertClean("decompressed body", r.body());
            assertClean("raw bytes", new String(r.raw(), StandardCharsets.ISO_8859_1));
            assertClean("headers", r.headers().toString());
        }
        assertThat(collector.requests().get(0).body())
                .contains("cli.command", "cli.error", "cli.crash", "template.created");
        String secret = Files.readString(machine.stateDir("forge").resolve("installation-secret"))
                .trim();
        for (RecordingCollector.Request r : collector.requests()) {
            assertThat(r.body())
                    .as("the installation secret never leaves the machine")
                    .doesNotContain(secret);
        }
        assertStateFolderClean();
        // The same events, queued but not yet sent, while the collector is down.
        collector.close();
        plantEverything(builder().build());
        assertStateFolderClean();
        assertLogsClean();
    }

    @Test
    void nothingPlantedReachesDebugOutputOrLocalDocuments() throws Exception {
        machine.env.put("FORGE_TELEMETRY_DEBUG", "1");
        plantEverything(builder().build());
        assertThat(machine.stderr()).contains("cli.crash");
        assertClean("debug output", machine.stderr());
        machine.env.remove("FORGE_TELEMETRY_DEBUG");
        plantEverything(builder().localOnly(true).build());
        assertStateFolderClean();
        assertLogsClean();
    }

    @Test
    void nothingPlantedReachesTheExportOrTheShowOutput() throws Exception {
        plantEverything(builder().build());
        collector.close();
        plantEverything(builder().build());
        Telemetry t = builder().build();
        // The log's path names the user's own state folder, shown to that user only; the data must be clean.
        TelemetryAdmin.Shown shown = t.admin().show();
        assertThat(shown.queued()).isNotEmpty();
        for (String line : shown.queued()) {
            assertClean("telemetry show (queued)", line);
        }
        for (String line : shown.sent()) {
            assertClean("telemetry show (sent)", line);
        }
        Path zip = root.resolve("export.zip");
        assertThat(t.admin().export(zip).messages()).singleElement().asString().startsWith("Wrote");
        String machineId = Files.readString(machine.stateDir("forge").resolve("machine-id"))
                .trim();
        String secret = Files.readString(machine.stateDir("forge").resolve("installation-secret"))
                .trim();
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            int entries = 0;
            while ((e = z.getNextEntry()) != null) {
                String text = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                assertClean("export " + e.getName(), text);
                assertThat(text)
                        .as("export " + e.getName())
                        .doesNotContain(machineId)
                        .doesNotContain(secret);
                entries++;
            }
            assertThat(entries).isGreaterThanOrEqualTo(4);
        }
    }

    private void assertStateFolderClean() throws Exception {
        try (Stream<Path> files = Files.walk(machine.stateDir("forge"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertClean(f.getFileName().toString(), new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
    }

    private void assertLogsClean() {
        synchronized (logLines) {
            assertClean("java.util.logging output", String.join("\n", logLines));
        }
    }

    private static void assertClean(String where, String text) {
        for (String planted : PLANTED) {
            assertThat(text).as("%s must not contain %s", where, planted).doesNotContain(planted);
        }
    }
}
