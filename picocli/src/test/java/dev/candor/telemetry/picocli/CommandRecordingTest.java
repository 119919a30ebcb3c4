package dev.candor.telemetry.picocli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.picocli.GreeterApp.Result;
import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import dev.candor.telemetry.testing.Wire;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the picocli integration records for each invocation, and that it leaves the tool's behaviour alone. */
class CommandRecordingTest {
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

    private Telemetry telemetry(URI endpoint) {
        return machine.telemetry(GreeterApp.TOOL, endpoint)
                .catalog(GreeterApp.catalog())
                .exitBudget(Duration.ofSeconds(5))
                .build();
    }

    private Result run(String... args) {
        return GreeterApp.run(GreeterApp.installed(telemetry(collector.url())), args);
    }

    /** The one request a single collecting run sends. */
    private String onlyBody() throws InterruptedException {
        assertThat(collector.awaitRequests(1, WAIT))
                .as("a request reached the collector")
                .isTrue();
        assertThat(collector.requests()).hasSize(1);
        return collector.requests().get(0).body();
    }

    @Test
    void aValueOutsideTheDeclaredSetIsSentAsOther() throws Exception {
        run("remote", "add", "--branch", "feature-acme-secret-launch", "https://git.example.net/team/repo.git");
        String command = Wire.record(onlyBody(), "cli.command");
        assertThat(Wire.string(command, "command.option.branch")).contains("<other>");
        assertThat(onlyBody()).doesNotContain("acme-secret-launch");
    }

    @Test
    void recordsCommandPathOptionNamesExitCodeAndDuration() throws Exception {
        Result r = run(
                "remote",
                "add",
                "--branch",
                "dev-7",
                "--tracking",
                "upstream-secret-value",
                "-f",
                "https://git.example.net/team/repo.git");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("Added https://git.example.net/team/repo.git" + System.lineSeparator());
        String body = onlyBody();
        assertThat(Wire.eventNames(body)).containsExactly("cli.command");
        String command = Wire.record(body, "cli.command");
        assertThat(Wire.string(command, "command.path")).contains("remote add");
        assertThat(Wire.strings(command, "command.options"))
                .containsExactlyInAnyOrder("--branch", "--tracking", "--force");
        assertThat(Wire.integer(command, "process.exit.code")).contains(3L);
        assertThat(Wire.integer(command, "command.duration_ms"))
                .hasValueSatisfying(ms -> assertThat(ms).isBetween(0L, 5_000L));
        assertThat(Wire.string(command, "command.option.branch"))
                .as("allow-listed value")
                .contains("dev-7");
        assertThat(Wire.has(command, "command.option.tracking"))
                .as("value of an option that is not allow-listed")
                .isFalse();
        assertThat(body)
                .doesNotContain("upstream-secret-value")
                .doesNotContain("git.example.net")
                .doesNotContain("repo.git");
    }

    @Test
    void sendsAllowListedOptionValuesOnly() throws Exception {
        Result r = run("greet", "--name", "Ann", "--mode", "fast");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Hello, Ann (fast)");
        String body = onlyBody();
        String command = Wire.record(body, "cli.command");
        assertThat(Wire.string(command, "command.path")).contains("greet");
        assertThat(Wire.strings(command, "command.options")).containsExactlyInAnyOrder("--name", "--mode");
        assertThat(Wire.string(command, "command.option.mode")).contains("fast");
        assertThat(Wire.has(command, "command.option.name")).isFalse();
        assertThat(body).doesNotContain("Ann");
        assertThat(new String(collector.requests().get(0).raw(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("Ann");
        assertThat(collector.requests().get(0).headers().values()).noneMatch(v -> v.contains("Ann"));
    }

    @Test
    void aCrashIsRecordedWithoutItsMessageAndPicocliBehavesAsBefore() throws Exception {
        Result without = GreeterApp.run(GreeterApp.uninstalled(), "boom");
        Result with = run("boom");

        assertThat(without.exit()).isEqualTo(1);
        assertThat(with.exit()).isEqualTo(without.exit());
        assertThat(with.out()).isEqualTo(without.out());
        // picocli prints the stack trace; only the frames of the wrapping strategy may differ.
        assertThat(withoutFrames(with.err()))
                .isEqualTo(withoutFrames(without.err()))
                .contains("java.lang.IllegalStateException: " + GreeterApp.CRASH_MESSAGE);
        assertThat(machine.stderr()).isEmpty();

        String body = onlyBody();
        assertThat(Wire.eventNames(body)).containsExactlyInAnyOrder("cli.crash", "cli.command");
        String crash = Wire.record(body, "cli.crash");
        assertThat(Wire.string(crash, "exception.type")).contains("java.lang.IllegalStateException");
        assertThat(Wire.string(crash, "command.path")).contains("boom");
        assertThat(Wire.string(crash, "exception.stacktrace"))
                .hasValueSatisfying(stack -> assertThat(stack)
                        .startsWith("java.lang.IllegalStateException\\n")
                        .contains("at dev.candor.telemetry.picocli.GreeterApp$Boom.run("));
        assertThat(Wire.integer(Wire.record(body, "cli.command"), "process.exit.code"))
                .contains(1L);
        assertThat(body)
                .doesNotContain("secret")
                .doesNotContain("/home/ann")
                .doesNotContain("ann@example.org")
                .doesNotContain("example.org");
    }

    private static String withoutFrames(String stackTrace) {
        return stackTrace
                .lines()
                .filter(l -> !l.startsWith("\tat ") && !l.matches("\t\\.\\.\\. \\d+ more"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void noTelemetrySwitchWorksOnSubcommands() throws Exception {
        Result r = run("greet", "--no-telemetry", "--mode", "slow");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Hello, world (slow)");
        assertThat(collector.requests()).isEmpty();
        assertThat(machine.spoolDir(GreeterApp.TOOL)).doesNotExist();

        // A later run sends its own event only: the opted-out run queued nothing either.
        run("greet");
        assertThat(Wire.eventNames(onlyBody())).containsExactly("cli.command");
        assertThat(collector.uids()).hasSize(1);
    }

    @Test
    void bareCommandHelpAndVersionCollectNothing() throws Exception {
        Result bare = run();
        Result help = run("--help");
        Result version = run("--version");
        Result greetHelp = run("greet", "--help");

        assertThat(bare.exit()).isZero();
        assertThat(bare.out()).contains("Usage: greeter");
        assertThat(help.out()).contains("Usage: greeter").contains("--no-telemetry");
        assertThat(version.out().trim()).isEqualTo("greeter 1.2.3");
        assertThat(greetHelp.out()).contains("Usage: greeter greet");
        assertThat(collector.requests()).isEmpty();
        assertThat(machine.spoolDir(GreeterApp.TOOL)).doesNotExist();

        run("greet");
        String command = Wire.record(onlyBody(), "cli.command");
        assertThat(Wire.string(command, "command.path")).contains("greet");
        assertThat(collector.uids()).hasSize(1);
    }

    @Test
    void outOfScopeInvocationsNeverShowTheNotice() throws Exception {
        TestMachine fresh = new TestMachine(root.resolve("fresh"));
        Telemetry t = fresh.telemetry(GreeterApp.TOOL, collector.url())
                .catalog(GreeterApp.catalog())
                .build();
        for (String[] args :
                new String[][] {{}, {"--help"}, {"--version"}, {"greet", "--help"}, {"--telemetry-catalog"}}) {
            assertThat(GreeterApp.run(GreeterApp.installed(t), args).exit()).isZero();
        }
        assertThat(fresh.stderr()).isEmpty();
        assertThat(fresh.stateDir(GreeterApp.TOOL)).doesNotExist();
    }

    @Test
    void telemetryCatalogFlagPrintsTheCatalogAsJson() {
        Result r = run("--telemetry-catalog");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().trim())
                .startsWith("{")
                .endsWith("}")
                .contains("\"schema\":\"candor.catalog.v1\"", "\"tool\":\"greeter\"")
                .contains("\"name\":\"cli.command\"", "\"name\":\"cli.error\"", "\"name\":\"cli.crash\"")
                .contains("\"name\":\"command.option.mode\"", "\"name\":\"command.option.branch\"")
                .contains(
                        "\"classification\":\"SystemMetaData\"",
                        "\"classification\":\"CallstackOrException\"",
                        "\"classification\":\"EndUserPseudonymizedInformation\"");
        assertThat(r.out().trim().lines()).hasSize(1);
        assertThat(collector.requests()).isEmpty();
        assertThat(machine.spoolDir(GreeterApp.TOOL)).doesNotExist();
    }
}
