package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an export attached to a bug report may not carry, after a forget and with a careless endpoint. */
class ExportAfterForgetTest {
    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    private Telemetry telemetry() {
        return machine.telemetry("forge", collector.url())
                .exitBudget(Duration.ofSeconds(5))
                .build();
    }

    private void run() {
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("build").exitCode(0).build());
        }
    }

    @Test
    void anExportAfterForgetHoldsNoMachineIdEverUsed() throws Exception {
        run();
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        String before = Files.readString(machine.stateDir("forge").resolve("machine-id"))
                .trim();
        assertThat(telemetry().admin().forget().ok()).isTrue();
        run(); // a new machine id from here on
        assertThat(collector.awaitRequests(3, Duration.ofSeconds(10))).isTrue();
        String after = Files.readString(machine.stateDir("forge").resolve("machine-id"))
                .trim();
        assertThat(after).isNotEqualTo(before);

        Path zip = root.resolve("export.zip");
        telemetry().admin().export(zip);
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String text = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).as(e.getName()).doesNotContain(before).doesNotContain(after);
            }
        }
    }

    @Test
    void credentialsInTheEndpointOverrideAreNeitherShownNorUsedToForget() throws Exception {
        run();
        machine.env.put("FORGE_TELEMETRY_ENDPOINT", "https://ann:s3cr3t-pass-word@collector.example.org");
        Telemetry t = telemetry();
        assertThat(String.join("\n", t.admin().status().lines()))
                .doesNotContain("s3cr3t-pass-word")
                .doesNotContain("ann:")
                .contains("holds credentials");
        TelemetryAdmin.ForgetResult r = t.admin().forget();
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("no valid collector endpoint").doesNotContain("s3cr3t-pass-word");
    }
}
