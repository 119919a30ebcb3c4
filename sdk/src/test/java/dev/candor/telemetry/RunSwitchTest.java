package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.telemetry.testing.TestMachine;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-run switch read from a command line, and what begin() makes of it and of the scope. */
class RunSwitchTest {
    @TempDir
    Path root;

    @Test
    void theLastSwitchWinsAndOperandsAreNotRead() {
        assertThat(RunSwitch.of(List.of("build"))).isEqualTo(RunSwitch.NONE);
        assertThat(RunSwitch.of(List.of("build", "--telemetry"))).isEqualTo(RunSwitch.ON);
        assertThat(RunSwitch.of(List.of("--telemetry", "build", "--no-telemetry")))
                .isEqualTo(RunSwitch.OFF);
        assertThat(RunSwitch.of(List.of("--no-telemetry", "--telemetry"))).isEqualTo(RunSwitch.ON);
        assertThat(RunSwitch.of(List.of("grep", "--", "--no-telemetry"))).isEqualTo(RunSwitch.NONE);
        assertThat(RunSwitch.of(List.of("--telemetry=yes"))).as("not a switch").isEqualTo(RunSwitch.NONE);
    }

    @Test
    void nullsAreNamed() throws Exception {
        assertThatThrownBy(() -> RunSwitch.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("args");
        assertThatThrownBy(() -> RunSwitch.of(Arrays.asList("build", null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("args element");
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        Telemetry t =
                machine.telemetry("forge", URI.create("http://127.0.0.1:9")).build();
        assertThatThrownBy(() -> t.begin(null, RunSwitch.NONE)).hasMessage("scope");
        assertThatThrownBy(() -> t.begin(Scope.COLLECTED, null)).hasMessage("runSwitch");
    }

    @Test
    void aRunOutOfScopeOrSwitchedOffCollectsNothingAndOnCollects() throws Exception {
        TestMachine machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        Telemetry t = machine.telemetry("forge", URI.create("http://127.0.0.1:9"))
                .localOnly(true)
                .build();
        try (TelemetryRun run = t.begin(Scope.NOT_COLLECTED, RunSwitch.ON)) {
            assertThat(run.level()).isEqualTo(TelemetryLevel.OFF);
            assertThat(run.reason()).contains("collects nothing");
        }
        try (TelemetryRun run = t.begin(Scope.COLLECTED, RunSwitch.OFF)) {
            assertThat(run.level()).isEqualTo(TelemetryLevel.OFF);
            assertThat(run.reason()).contains("--no-telemetry");
        }
        try (TelemetryRun run = t.begin()) {
            assertThat(run.level()).isEqualTo(TelemetryLevel.ALL);
        }
    }
}
