package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.internal.PrettyJson;
import dev.candor.telemetry.testing.TestMachine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The telemetry subcommand as any tool gets it: its words, its output and its exit codes. */
class TelemetrySubcommandTest {
    @TempDir
    Path root;

    TestMachine machine;
    Telemetry telemetry;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        telemetry = machine.telemetry("forge", URI.create("http://127.0.0.1:9"))
                .catalog(RecordingTest.catalog())
                .build();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new TelemetrySubcommand(
                        telemetry,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void catalogIsIndentedForPeopleAndOneLineWithJson() {
        assertThat(run("catalog")).isZero();
        assertThat(out()).contains("\n  \"events\": [").contains("\"template.created\"");
        assertThat(out().lines().count()).isGreaterThan(20);
        assertThat(run("catalog", "--json")).isZero();
        assertThat(out().strip()).isEqualTo(telemetry.catalogJson());
    }

    @Test
    void showListsQueuedAndSentIndentedOrAsOneJsonDocument() throws Exception {
        try (TelemetryRun r = telemetry.begin()) {
            r.command(CommandEvent.builder("build").exitCode(0).build());
        }
        assertThat(run("show")).isZero();
        assertThat(out())
                .startsWith("# Queued, not yet sent (1)\n{\n  \"resource\": {")
                .contains("# Sent (0)");
        assertThat(run("show", "--json")).isZero();
        String json = out().strip();
        assertThat(json).startsWith("{\"queued\":[{\"resource\":").endsWith("],\"sent\":[],\"localDocuments\":[]}");
        assertThat(json.lines().count()).isEqualTo(1);
    }

    @Test
    void usageMistakesExitTwoWithTheMistakeNamed() {
        assertThat(run("stauts")).isEqualTo(2);
        assertThat(err())
                .startsWith("forge telemetry: unknown telemetry command 'stauts'\n")
                .contains("--help");
        assertThat(run("enable", "--level", "loud")).isEqualTo(2);
        assertThat(err()).contains("--level must be off, crash, error or all, not 'loud'");
        assertThat(run("status", "--verbose")).isEqualTo(2);
        assertThat(err()).contains("unexpected '--verbose'");
        assertThat(run("export", "-o")).isEqualTo(2);
        assertThat(err()).contains("-o needs a value");
        assertThat(run()).isZero();
        assertThat(out()).contains("Usage: forge telemetry COMMAND").contains("forget");
    }

    @Test
    void enableStatusDisableAndExportWork() throws Exception {
        assertThat(run("enable", "--level=error")).isZero();
        assertThat(out()).contains("Telemetry level set to error");
        assertThat(run("status")).isZero();
        assertThat(out()).contains("Telemetry level: error");
        Path zip = root.resolve("out/export.zip");
        assertThat(run("export", "--output", zip.toString())).isZero();
        assertThat(out()).contains("Wrote " + zip);
        assertThat(zip).isRegularFile();
        assertThat(run("disable")).isZero();
        assertThat(out()).contains("Telemetry disabled in");
    }

    @Test
    void aFailureExitsOneWithItsReasonOnStderr() throws Exception {
        Path blocked = root.resolve("file");
        Files.writeString(blocked, "not a folder");
        assertThat(run("export", "-o", blocked.resolve("x.zip").toString())).isEqualTo(1);
        assertThat(err()).startsWith("forge telemetry: Could not write ");
        assertThat(out()).isEmpty();
    }

    @Test
    void prettyJsonKeepsStringsAsTheyAreAndEmptyContainersOnOneLine() {
        assertThat(PrettyJson.format("{\"a\":\"x, {y}: \\\"z\\\"\",\"b\":[],\"c\":{},\"d\":[1,2]}"))
                .isEqualTo(
                        "{\n  \"a\": \"x, {y}: \\\"z\\\"\",\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    1,\n    2\n  ]\n}");
    }
}
