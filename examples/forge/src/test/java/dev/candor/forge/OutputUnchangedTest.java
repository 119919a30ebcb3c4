package dev.candor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.forge.ForgeRun.Result;
import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.testing.TestMachine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Telemetry never changes what forge prints or returns, whatever the collector does, and a collector
 * that never answers does not hold the tool for the SDK's 5 s read timeout. Runs use forge's own budgets.
 */
class OutputUnchangedTest {
    /** Well under the SDK's 5 s read timeout; forge's budget outside CI is 15 ms. */
    private static final Duration FAST_ENOUGH = Duration.ofSeconds(2);

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(Endpoints.class)
    void stdoutAndExitCodeAreTheSameAsWithTelemetryOff(Endpoints condition) throws Exception {
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice(ForgeRun.TOOL);
        Path project = root.resolve("app");
        Project.create(project, "app", "console");
        Files.writeString(project.resolve("tests/more.ft"), "expect 1 = 2\n");
        Path dataset = root.resolve("houses.csv");
        Files.writeString(dataset, "rooms,price\n3,300\n4,410\n");
        List<String[]> invocations = List.of(
                new String[] {"build", "--project", project.toString()},
                new String[] {"test", "--project", project.toString()},
                new String[] {"auto-train", "--dataset", dataset.toString(), "--task", "regression"},
                new String[] {"--version"});

        try (Endpoints.Endpoint endpoint = condition.open()) {
            machine.env.put("FORGE_TELEMETRY_OPTOUT", "1");
            Telemetry off = ForgeRun.telemetry(machine, endpoint.url(), Duration.ofMillis(15));
            machine.env.remove("FORGE_TELEMETRY_OPTOUT");
            Telemetry on = ForgeRun.telemetry(machine, endpoint.url(), Duration.ofMillis(15));

            PrintStream realOut = System.out;
            ByteArrayOutputStream stray = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
                for (String[] args : invocations) {
                    Result quiet = ForgeRun.run(off, args);
                    Result r = ForgeRun.run(on, args);
                    String what = condition + " " + String.join(" ", args);
                    assertThat(r.out()).as(what).isEqualTo(quiet.out()).isNotEmpty();
                    assertThat(r.exit()).as(what).isEqualTo(quiet.exit());
                    assertThat(r.err()).as(what).isEqualTo(quiet.err());
                    assertThat(r.took()).as(what + " took").isLessThan(FAST_ENOUGH);
                }
            } finally {
                System.setOut(realOut);
            }
            assertThat(stray.toString(StandardCharsets.UTF_8))
                    .as("written to System.out")
                    .isEmpty();
            assertThat(machine.stderr()).as("telemetry's own stderr").isEmpty();
            assertThat(endpoint.awaitContact(Duration.ofSeconds(10)))
                    .as("the endpoint was tried")
                    .isTrue();
        }
    }
}
