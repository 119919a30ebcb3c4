package dev.candor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.forge.ForgeRun.Result;
import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import dev.candor.telemetry.testing.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each forge command works, and records what forge's catalog declares (one collecting run per test). */
class ForgeCommandsTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice(ForgeRun.TOOL);
        collector = RecordingCollector.start();
        project = root.resolve("projects/app");
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    private Result forge(String... args) {
        return ForgeRun.run(ForgeRun.telemetry(machine, collector.url(), Duration.ofSeconds(5)), args);
    }

    private String body() throws InterruptedException {
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10)))
                .as("a request reached the collector")
                .isTrue();
        assertThat(collector.requests()).hasSize(1);
        return collector.requests().get(0).body();
    }

    private void sampleProject() throws IOException {
        Project.create(project, "app", "console");
    }

    @Test
    void newCreatesAProjectAndRecordsTheTemplate() throws Exception {
        Path dir = root.resolve("projects/hello");
        Result r = forge("new", "console", "-o", dir.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Created console project 'hello' in " + dir + NL);
        assertThat(dir.resolve("forge.project")).content().contains("name=hello", "template=console");
        assertThat(dir.resolve("src/main.fs")).exists();
        String body = body();
        assertThat(Wire.eventNames(body)).containsExactlyInAnyOrder("template.created", "cli.command");
        assertThat(Wire.string(Wire.record(body, "template.created"), "template"))
                .contains("console");
        assertThat(Wire.string(Wire.record(body, "cli.command"), "command.path"))
                .contains("new");
        assertThat(body).doesNotContain("hello");
    }

    @Test
    void buildCompilesEverySourceAndSendsTheAllowListedConfiguration() throws Exception {
        sampleProject();
        Result r = forge("build", "-c", "Release", "--project", project.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("Build succeeded: 7 source files, 1202 lines -> " + Path.of("build", "Release", "app.out")
                        + NL);
        assertThat(project.resolve("build/Release/app.out")).content().startsWith("forge-artifact Release ");
        String command = Wire.record(body(), "cli.command");
        assertThat(Wire.string(command, "command.path")).contains("build");
        assertThat(Wire.strings(command, "command.options")).containsExactlyInAnyOrder("--configuration", "--project");
        assertThat(Wire.string(command, "command.option.configuration")).contains("Release");
        assertThat(Wire.has(command, "command.option.project")).isFalse();
        assertThat(Wire.integer(command, "process.exit.code")).contains(0L);
    }

    @Test
    void runBuildsAndPrintsTheProgramOutput() throws Exception {
        sampleProject();
        Result r = forge("run", "--project", project.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Hello from app!" + NL + "Built with forge." + NL);
        assertThat(Wire.string(Wire.record(body(), "cli.command"), "command.path"))
                .contains("run");
    }

    @Test
    void testReportsCountsAndRecordsTheResults() throws Exception {
        sampleProject();
        Files.writeString(project.resolve("tests/extra.ft"), "expect 1 = 2\nexpect a = a\n");
        Result r = forge("test", "--project", project.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Test run finished: 4 tests passed, 1 failed" + NL);
        assertThat(r.err()).isEqualTo("FAILED extra.ft: expect 1 = 2" + NL);
        String body = body();
        String tests = Wire.record(body, "tests.completed");
        assertThat(Wire.integer(tests, "passed")).contains(4L);
        assertThat(Wire.integer(tests, "failed")).contains(1L);
        assertThat(Wire.string(tests, "runner")).contains("forge-test");
        assertThat(Wire.integer(Wire.record(body, "cli.command"), "process.exit.code"))
                .contains(1L);
        assertThat(body).doesNotContain("extra.ft");
    }

    @Test
    void packWritesAPackageOfTheReleaseBuild() throws Exception {
        sampleProject();
        Result r = forge("pack", "--project", project.toString(), "--version-suffix", "beta1");

        assertThat(r.exit()).isZero();
        Path pack = project.resolve("pack/app-1.0.0-beta1.fpkg");
        assertThat(r.out()).isEqualTo("Packed " + Path.of("pack", "app-1.0.0-beta1.fpkg") + NL);
        try (ZipFile zip = new ZipFile(pack.toFile())) {
            assertThat(zip.getEntry("app.out")).isNotNull();
        }
        String command = Wire.record(body(), "cli.command");
        assertThat(Wire.strings(command, "command.options")).containsExactlyInAnyOrder("--project", "--version-suffix");
        assertThat(command).doesNotContain("beta1");
    }

    @Test
    void publishCopiesThePackageToTheFeedAndNeverRecordsTheApiKey() throws Exception {
        sampleProject();
        Path feed = root.resolve("feed");
        Result r = forge(
                "publish",
                "--api-key",
                "K-feed-key-quillwortz",
                "--source",
                feed.toString(),
                "--project",
                project.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Published app-1.0.0.fpkg to the feed" + NL);
        assertThat(feed.resolve("app-1.0.0.fpkg")).isRegularFile();
        String body = body();
        assertThat(Wire.strings(Wire.record(body, "cli.command"), "command.options"))
                .containsExactlyInAnyOrder("--api-key", "--source", "--project");
        assertThat(body).doesNotContain("K-feed-key-quillwortz").doesNotContain("quillwortz");
    }

    @Test
    void aTaskTypedFreelyIsSentAsOtherEvenWhenForgeRejectsIt() throws Exception {
        Path dataset = Files.createDirectories(root.resolve("data")).resolve("d.csv");
        Files.writeString(dataset, "rooms,price\n3,300\n");
        Result r = forge("auto-train", "--dataset", dataset.toString(), "--task", "acme-layoffs-2027");

        assertThat(r.exit()).isNotZero();
        String command = Wire.record(body(), "cli.command");
        assertThat(Wire.string(command, "command.option.task"))
                .as("not one of the declared tasks")
                .contains("<other>");
        assertThat(body()).doesNotContain("acme-layoffs");
    }

    @Test
    void autoTrainSendsTheTaskAndOnlyAHashAndSizeBucketOfTheDataset() throws Exception {
        Path dataset = Files.createDirectories(root.resolve("data")).resolve("houses-q3-private.csv");
        Files.writeString(dataset, "rooms,price\n3,300\n4,400\n5,500\n");
        Result r = forge("auto-train", "--dataset", dataset.toString(), "--task", "regression");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Trained a regression baseline on 3 rows: mean label 400.000" + NL);
        String body = body();
        String command = Wire.record(body, "cli.command");
        assertThat(Wire.string(command, "command.path")).contains("auto-train");
        assertThat(Wire.string(command, "command.option.task")).contains("regression");
        assertThat(Wire.string(command, "command.file.dataset.hash"))
                .hasValueSatisfying(h -> assertThat(h).matches("[0-9a-f]{64}"));
        assertThat(Wire.string(command, "command.file.dataset.size_bucket")).contains("<10KB");
        assertThat(Wire.has(command, "command.option.dataset")).isFalse();
        assertThat(body).doesNotContain("houses").doesNotContain("private.csv").doesNotContain(root.toString());
    }

    @Test
    void anUnknownTemplateFailsWithAOneLineError() {
        Path dir = root.resolve("projects/nope");
        Result r = forge("new", "bogus", "-o", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("forge: unknown template 'bogus'; use one of console, library, web" + NL);
        assertThat(dir).doesNotExist();
    }
}
