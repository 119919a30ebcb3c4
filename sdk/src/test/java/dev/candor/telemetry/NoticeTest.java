package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeTest {
    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    private void runOnce(Telemetry t) {
        try (TelemetryRun run = t.begin()) {
            run.command(CommandEvent.builder("build").exitCode(0).build());
        }
    }

    @Test
    void noticeIsShownOnceOnStderrAndNothingLeavesInThatRun() throws Exception {
        Telemetry t = machine.telemetry("forge", collector.url())
                .ciExitBudget(Duration.ofSeconds(5))
                .exitBudget(Duration.ofSeconds(5))
                .build();
        runOnce(t);
        assertThat(machine.stderr())
                .contains("Telemetry")
                .contains("FORGE_TELEMETRY_OPTOUT=1")
                .contains("DO_NOT_TRACK=1");
        assertThat(collector.requests()).isEmpty();
        assertThat(machine.spoolDir("forge")).doesNotExist();

        machine.clearStderr();
        runOnce(machine.telemetry("forge", collector.url())
                .exitBudget(Duration.ofSeconds(5))
                .build());
        assertThat(machine.stderr()).doesNotContain("Telemetry");
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        assertThat(collector.uids()).hasSize(1);
    }

    @Test
    void nologoHidesTheTextButTheRunStillCollectsNothing() throws Exception {
        machine.env.put("FORGE_NOLOGO", "1");
        runOnce(machine.telemetry("forge", collector.url()).build());
        assertThat(machine.stderr()).isEmpty();
        assertThat(machine.spoolDir("forge")).doesNotExist();
        assertThat(Files.readString(machine.stateDir("forge").resolve("notice-shown"))
                        .trim())
                .isEqualTo("1");
    }

    @Test
    void aNewNoticeVersionIsShownAgain() throws Exception {
        runOnce(machine.telemetry("forge", collector.url()).build());
        machine.clearStderr();
        runOnce(machine.telemetry("forge", collector.url()).noticeVersion(2).build());
        assertThat(machine.stderr()).contains("Telemetry");
        assertThat(collector.requests()).isEmpty();
    }

    @Test
    void invocationsOutOfScopeShowNoNoticeAndCollectNothing() {
        Telemetry t = machine.telemetry("forge", collector.url()).build();
        try (TelemetryRun run = t.begin(Scope.NOT_COLLECTED, RunSwitch.NONE)) {
            run.command(CommandEvent.builder("help").build());
            assertThat(run.level()).isEqualTo(TelemetryLevel.OFF);
        }
        assertThat(machine.stderr()).isEmpty();
        assertThat(machine.stateDir("forge")).doesNotExist();
    }

    @Test
    void anOptInToolShowsNoNoticeUntilEnabled() {
        Telemetry t = machine.telemetry("xtraq", collector.url())
                .defaultConsent(DefaultConsent.OPT_IN)
                .build();
        runOnce(t);
        assertThat(machine.stderr()).isEmpty();
        assertThat(machine.stateDir("xtraq")).doesNotExist();
    }
}
