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

/** Version adoption from the rollup, worked by hand. */
class AdoptionTest {
    @TempDir
    Path dir;

    private final List<StoredEvent> events = new ArrayList<>();

    private void run(String machine, String day, String version, int times) {
        for (int i = 0; i < times; i++) {
            events.add(EmbeddedDashboard.event(
                    version, "cli.command", day, events.size(), machine, "build", 0, 10L, "{}"));
        }
    }

    @Test
    void eachVersionsShareOfTheDaysActiveMachinesAndWhenItWasFirstSeen() throws Exception {
        run("a", "2026-06-30", "1.0.0", 1); // before the range: 1.0.0 was first seen then
        run("a", "2026-07-01", "1.0.0", 5); // many runs, one machine
        run("b", "2026-07-01", "1.0.0", 1);
        run("c", "2026-07-01", "1.1.0", 1);
        run("a", "2026-07-03", "1.1.0", 2); // 07-02: nobody
        run("b", "2026-07-03", "1.1.0", 1);
        run("c", "2026-07-03", "1.1.0", 1);
        run("b", "2026-07-03", "1.0.0", 1); // b ran both versions that day: it counts in both

        JsonNode a = EmbeddedDashboard.ask(
                dir,
                events,
                data -> data.adoption(
                        new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 3)), "tool_version"));

        assertThat(a.get("days").toString()).isEqualTo("[\"2026-07-01\",\"2026-07-02\",\"2026-07-03\"]");
        assertThat(a.get("activeMachines").toString()).isEqualTo("[3,0,3]");
        JsonNode newer = a.get("series").get(0);
        assertThat(newer.get("value").asText()).isEqualTo("1.1.0");
        assertThat(newer.get("firstSeen").asText()).isEqualTo("2026-07-01");
        assertThat(newer.get("machines").toString()).isEqualTo("[1,0,3]");
        assertThat(newer.get("share").toString()).isEqualTo("[0.3333,0.0,1.0]");
        JsonNode older = a.get("series").get(1);
        assertThat(older.get("value").asText()).isEqualTo("1.0.0");
        assertThat(older.get("firstSeen").asText()).isEqualTo("2026-06-30");
        assertThat(older.get("machines").toString()).isEqualTo("[2,0,1]");
        assertThat(older.get("share").toString()).isEqualTo("[0.6667,0.0,0.3333]");
        assertThat(a.get("series")).hasSize(2);
    }
}
