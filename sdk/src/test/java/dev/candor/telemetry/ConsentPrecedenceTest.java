package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.internal.ConsentResolver;
import dev.candor.telemetry.internal.ConsentResolver.ConsentDecision;
import dev.candor.telemetry.internal.TelemetryConfig;
import dev.candor.telemetry.testing.TestMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentPrecedenceTest {
    @TempDir
    Path root;

    TestMachine machine;

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
    }

    private ConsentDecision decide(DefaultConsent def, Boolean runSwitch) {
        return decide("forge", def, runSwitch);
    }

    private ConsentDecision decide(String tool, DefaultConsent def, Boolean runSwitch) {
        return new ConsentResolver(TelemetryConfig.of(tool, machine.env, machine.sysProps), def).decide(runSwitch);
    }

    private void writeSettings(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Path toolSettings() {
        return machine.configDir().resolve("forge/telemetry.properties");
    }

    private Path machineSettings() {
        return machine.configDir().resolve("candor/consent.properties");
    }

    @Test
    void anOptOutToolIsOnByDefaultAndAnOptInToolIsOff() {
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.ALL);
        assertThat(decide(DefaultConsent.OPT_IN, null).level()).isEqualTo(TelemetryLevel.OFF);
    }

    @Test
    void noTelemetrySwitchBeatsEveryOtherSetting() throws Exception {
        machine.env.put("FORGE_TELEMETRY_LEVEL", "all");
        writeSettings(toolSettings(), "level=all\n");
        assertThat(decide(DefaultConsent.OPT_OUT, Boolean.FALSE).level()).isEqualTo(TelemetryLevel.OFF);
    }

    @Test
    void telemetrySwitchOptsInForOneRun() {
        machine.env.put("FORGE_TELEMETRY_OPTOUT", "1");
        ConsentDecision d = decide(DefaultConsent.OPT_IN, Boolean.TRUE);
        assertThat(d.level()).isEqualTo(TelemetryLevel.ALL);
        assertThat(d.reason()).contains("--telemetry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "yes", "TRUE", " Yes "})
    void optOutVariableOptsOutWithItsDocumentedValues(String value) {
        machine.env.put("FORGE_TELEMETRY_OPTOUT", value);
        ConsentDecision d = decide(DefaultConsent.OPT_OUT, null);
        assertThat(d.level()).isEqualTo(TelemetryLevel.OFF);
        assertThat(d.warnings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "no", "FALSE"})
    void optOutVariableWithNoDoesNotOptOut(String value) {
        machine.env.put("FORGE_TELEMETRY_OPTOUT", value);
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.ALL);
    }

    @Test
    void anUnknownOptOutValueOptsOutAndSaysSo() {
        machine.env.put("FORGE_TELEMETRY_OPTOUT", "please");
        ConsentDecision d = decide(DefaultConsent.OPT_OUT, null);
        assertThat(d.level()).isEqualTo(TelemetryLevel.OFF);
        assertThat(d.warnings()).singleElement().asString().contains("FORGE_TELEMETRY_OPTOUT");
    }

    @Test
    void doNotTrackOptsOut() {
        machine.env.put("DO_NOT_TRACK", "1");
        machine.env.put("FORGE_TELEMETRY_LEVEL", "all");
        ConsentDecision d = decide(DefaultConsent.OPT_OUT, null);
        assertThat(d.level()).isEqualTo(TelemetryLevel.OFF);
        assertThat(d.reason()).contains("DO_NOT_TRACK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "crash", "error", "all"})
    void levelVariableSetsTheLevel(String level) {
        machine.env.put("FORGE_TELEMETRY_LEVEL", level);
        assertThat(decide(DefaultConsent.OPT_IN, null).level())
                .isEqualTo(TelemetryLevel.parse(level).orElseThrow());
    }

    @Test
    void anInvalidLevelIsOffAndSaysSo() {
        machine.env.put("FORGE_TELEMETRY_LEVEL", "verbose");
        ConsentDecision d = decide(DefaultConsent.OPT_OUT, null);
        assertThat(d.level()).isEqualTo(TelemetryLevel.OFF);
        assertThat(d.warnings()).singleElement().asString().contains("off, crash, error or all");
    }

    @Test
    void theEnvironmentBeatsTheSettingsFiles() throws Exception {
        writeSettings(toolSettings(), "level=off\n");
        machine.env.put("FORGE_TELEMETRY_LEVEL", "error");
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.ERROR);
    }

    @Test
    void theMorePrivateOfTheMachineWideAndToolSettingsWins() throws Exception {
        writeSettings(machineSettings(), "level=crash\n");
        writeSettings(toolSettings(), "level=all\n");
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.CRASH);
        writeSettings(machineSettings(), "level=all\n");
        writeSettings(toolSettings(), "level=off\n");
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
    }

    @Test
    void theMachineWideFileAppliesToEveryCandorTool() throws Exception {
        writeSettings(machineSettings(), "level=off\n");
        assertThat(decide("forge", DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
        assertThat(decide("other-tool", DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
    }

    @Test
    void settingsEnableAnOptInTool() throws Exception {
        writeSettings(toolSettings(), "level=all\n");
        assertThat(decide(DefaultConsent.OPT_IN, null).level()).isEqualTo(TelemetryLevel.ALL);
    }

    @Test
    void anUnreadableSettingsFileCountsAsOff() throws Exception {
        writeSettings(toolSettings(), "level=loud\n");
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
        writeSettings(toolSettings(), "x".repeat(100_000));
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
        Files.delete(toolSettings());
        Files.createDirectories(toolSettings());
        assertThat(decide(DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
    }

    @Test
    void aToolIdWithADashUsesAnUnderscoreInVariableNames() {
        machine.env.put("MY_TOOL_TELEMETRY_OPTOUT", "1");
        assertThat(decide("my-tool", DefaultConsent.OPT_OUT, null).level()).isEqualTo(TelemetryLevel.OFF);
    }
}
