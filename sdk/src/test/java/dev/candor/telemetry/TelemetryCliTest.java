package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import dev.candor.telemetry.testing.Wire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain (non-picocli) tool through TelemetryCli: what it records, and what it leaves to the tool. */
class TelemetryCliTest {
    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<List<String>> seen = new ArrayList<>();

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

    private TelemetryCli cli() {
        Telemetry t = machine.telemetry("forge", collector.url())
                .catalog(RecordingTest.catalog())
                .exitBudget(Duration.ofSeconds(5))
                .build();
        return TelemetryCli.builder(t)
                .commands("auto-train", "model export", "model")
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .build();
    }

    private int run(String... args) {
        return cli().run(args, argv -> {
            seen.add(argv);
            return argv.contains("--fail") ? 3 : 0;
        });
    }

    private String sentRecord() throws Exception {
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        return Wire.record(collector.requests().get(0).body(), "cli.command");
    }

    @Test
    void aCommandIsRecordedWithItsPathOptionsAndExitCodeAndTheToolSeesNoSwitch() throws Exception {
        int exit = run(
                "auto-train",
                "--task",
                "regression",
                "--dataset",
                "data/h.csv",
                "--fail",
                "--telemetry",
                "leftover-positional-argument");

        assertThat(exit).isEqualTo(3);
        assertThat(seen)
                .containsExactly(List.of(
                        "auto-train",
                        "--task",
                        "regression",
                        "--dataset",
                        "data/h.csv",
                        "--fail",
                        "leftover-positional-argument"));
        String record = sentRecord();
        assertThat(Wire.string(record, "command.path")).contains("auto-train");
        assertThat(Wire.integer(record, "process.exit.code")).contains(3L);
        assertThat(Wire.strings(record, "command.options")).containsExactly("--task", "--dataset", "--fail");
        assertThat(Wire.string(record, "command.option.task")).contains("regression");
        assertThat(Wire.has(record, "command.file.dataset.hash")).isTrue();
        assertThat(collector.requests().get(0).body())
                .doesNotContain("leftover-positional-argument")
                .doesNotContain("h.csv");
    }

    @Test
    void theLongestDeclaredPathWinsAndAnUndeclaredCommandIsNeverNamed() throws Exception {
        run("model", "export", "--format=onnx");
        assertThat(Wire.string(sentRecord(), "command.path")).contains("model export");
    }

    @Test
    void anUnknownCommandIsRecordedAsOther() throws Exception {
        run("unmistakable-typo-of-a-command", "--x");
        String record = sentRecord();
        assertThat(Wire.string(record, "command.path")).contains(PropertyDefinition.OTHER);
        assertThat(collector.requests().get(0).body()).doesNotContain("unmistakable-typo");
    }

    @Test
    void helpVersionTheBareCommandAndNoTelemetryCollectNothingButStillRun() throws Exception {
        assertThat(run()).isZero();
        assertThat(run("auto-train", "--help")).isZero();
        assertThat(run("--version")).isZero();
        assertThat(run("auto-train", "--no-telemetry")).isZero();
        assertThat(seen).hasSize(4).contains(List.of("auto-train"));
        assertThat(collector.awaitRequests(1, Duration.ofMillis(500))).isFalse();
        assertThat(machine.spooledFiles("forge")).isZero();
    }

    @Test
    void candorsOwnOptionAndSubcommandAreAnsweredWithoutRunningTheTool() {
        assertThat(run("--telemetry-catalog")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"schema\":\"candor.catalog.v1\"");
        out.reset();
        assertThat(run("telemetry", "status")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Telemetry level: all");
        assertThat(run("telemetry", "nonsense")).isEqualTo(2);
        assertThat(seen).isEmpty();
    }

    @Test
    void aCrashIsRecordedAndRethrownUnchanged() throws Exception {
        IllegalStateException boom = new IllegalStateException("the tool's own failure");
        assertThatThrownBy(() -> cli().run(new String[] {"auto-train"}, argv -> {
                    throw boom;
                }))
                .isSameAs(boom);
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        assertThat(Wire.eventNames(collector.requests().get(0).body())).contains("cli.crash", "cli.command");
    }

    @Test
    void aCatalogNamingAnUndeclaredCommandFailsAtBuild() {
        Telemetry t = machine.telemetry("forge", collector.url())
                .catalog(RecordingTest.catalog())
                .build();
        assertThatThrownBy(() -> TelemetryCli.builder(t).commands("train").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command 'auto-train'");
        assertThatThrownBy(() -> TelemetryCli.builder(t).commands("telemetry"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
