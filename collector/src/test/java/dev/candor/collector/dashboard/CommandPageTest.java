package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbDashboardData;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Commands page's numbers for a handful of runs whose answers are worked out by hand. */
class CommandPageTest {
    private static final LocalDate DAY = LocalDate.of(2026, 7, 1);

    @TempDir
    Path dir;

    private static StoredEvent run(
            String event, String command, String machine, Integer exit, Long duration, String properties) {
        long micros = DAY.atTime(9, 30).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        return new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "1.0",
                event,
                micros,
                micros,
                machine,
                "s",
                "Linux",
                "6",
                "linux-x64",
                "Germany",
                command,
                exit,
                duration,
                properties);
    }

    @Test
    void exitCodesOptionsAndDurationsCountEachRunOfTheCommandOnly() throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(run("cli.command", "build", "m" + i, 0, 100L, "{\"command.options\":[\"--release\"]}"));
        }
        events.add(run("cli.command", "build", "m0", 2, 300L, "{\"command.options\":[\"--release\",\"--verbose\"]}"));
        events.add(run("cli.command", "build", "m1", null, null, "{}"));
        events.add(run(
                "cli.crash", "build", "m1", null, null, "{\"exception.type\":\"java.io.IOException\"}")); // not a run
        events.add(
                run("cli.command", "test", "m2", 1, 50L, "{\"command.options\":[\"--verbose\"]}")); // another command
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            store.insert(events);
            DuckDbDashboardData data = DuckDbDashboardData.open(store);
            data.refresh();

            JsonNode page = data.command(new DayRange("forge", DAY, DAY), "build");

            assertThat(page.get("runs").asLong()).isEqualTo(5);
            assertThat(page.get("days").toString())
                    .isEqualTo("[{\"day\":\"2026-07-01\",\"events\":5,\"failures\":1,\"machines\":3}]");
            assertThat(page.get("exitCodes").toString())
                    .as("by runs, then code; a run without one is 'none'")
                    .isEqualTo(
                            "[{\"exitCode\":\"0\",\"runs\":3},{\"exitCode\":\"2\",\"runs\":1},{\"exitCode\":\"none\",\"runs\":1}]");
            assertThat(page.get("options").toString())
                    .isEqualTo("[{\"option\":\"--release\",\"runs\":4},{\"option\":\"--verbose\",\"runs\":1}]");
            // Durations 100, 100, 100, 300 (one run has none): nearest rank 2 of 4 for p50, 4 of 4 above, each given as
            // its bucket's middle: 100 is in [100, 104), 300 in [288, 304) (DurationHistogram); the max is exact.
            assertThat(page.get("durationMs").toString())
                    .isEqualTo("{\"measured\":4,\"p50\":102,\"p90\":296,\"p99\":296,\"max\":300}");
        }
    }
}
