package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.store.StoredEvent;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash groups survive a release: no line numbers, the tool's own frames, the versions they were seen in. */
class CrashGroupsTest {
    @TempDir
    Path dir;

    private final List<StoredEvent> events = new ArrayList<>();

    private void crash(String version, String day, String type, String... frames) {
        StringBuilder stack = new StringBuilder(type);
        for (String f : frames) {
            stack.append("\\n\\tat ").append(f);
        }
        events.add(EmbeddedDashboard.event(
                version,
                "cli.crash",
                day,
                events.size(),
                "machine-" + events.size(),
                "build",
                null,
                null,
                "{\"exception.type\":\"" + type + "\",\"exception.stacktrace\":\"" + stack + "\\n\"}"));
    }

    private JsonNode errors() throws Exception {
        return EmbeddedDashboard.ask(
                dir,
                events,
                data -> data.errors(new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30))));
    }

    @Test
    void aFailureSiteIsOneGroupWhateverItsLineAndWhereverTheJdkWasFirst() throws Exception {
        for (int line = 40; line < 46; line++) {
            crash(
                    "1.2.0",
                    "2026-07-0" + (line - 39),
                    "java.lang.IllegalStateException",
                    "dev.candor.forge.BuildCommand.execute(BuildCommand.java:" + line + ")",
                    "dev.candor.forge.BuildCommand.call(BuildCommand.java:" + (line + 20) + ")",
                    "picocli.CommandLine.executeUserObject(CommandLine.java:2041)");
        }
        // The same site, reached through the JDK first (a null check) in the next release.
        crash(
                "1.3.0",
                "2026-08-01",
                "java.lang.IllegalStateException",
                "java.util.Objects.requireNonNull(Objects.java:233)",
                "dev.candor.forge.BuildCommand.execute(BuildCommand.java:51)",
                "dev.candor.forge.BuildCommand.call(BuildCommand.java:70)");
        // Another site, new in 1.3.0.
        crash(
                "1.3.0",
                "2026-08-02",
                "java.io.UncheckedIOException",
                "java.nio.file.Files.readString(Files.java:3300)",
                "dev.candor.forge.PackCommand.zip(PackCommand.java:12)");

        JsonNode answer = errors();

        JsonNode groups = answer.get("groups");
        assertThat(groups).hasSize(2);
        JsonNode build = groups.get(0);
        assertThat(build.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(build.get("count").asLong()).isEqualTo(7);
        assertThat(build.get("frames").toString())
                .isEqualTo("[\"dev.candor.forge.BuildCommand.execute\",\"dev.candor.forge.BuildCommand.call\"]");
        assertThat(build.get("frame").asText()).isEqualTo("dev.candor.forge.BuildCommand.execute");
        assertThat(build.get("firstVersion").asText()).isEqualTo("1.2.0");
        assertThat(build.get("lastVersion").asText()).isEqualTo("1.3.0");
        assertThat(build.get("newInNewestVersion").asBoolean()).isFalse();
        assertThat(build.get("days")).hasSize(7);
        JsonNode pack = groups.get(1);
        assertThat(pack.get("frames").toString()).isEqualTo("[\"dev.candor.forge.PackCommand.zip\"]");
        assertThat(pack.get("firstVersion").asText()).isEqualTo("1.3.0");
        assertThat(pack.get("newInNewestVersion").asBoolean()).isTrue();
        assertThat(answer.get("newestVersion").asText()).isEqualTo("1.3.0");
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertThat(CrashGroups.compareVersions("1.10.0", "1.9.2")).isPositive();
        assertThat(CrashGroups.compareVersions("1.2", "1.2.1")).isNegative();
        assertThat(CrashGroups.compareVersions("2.0.0", "2.0.0")).isZero();
        assertThat(CrashGroups.signature("java.util.HashMap.get\njava.util.Objects.x"))
                .as("only library frames: the top one")
                .containsExactly("java.util.HashMap.get");
    }
}
