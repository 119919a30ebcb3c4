package dev.candor.collector.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.dashboard.DashboardAnswers;
import dev.candor.collector.store.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Overview's rollup against the same numbers computed from the raw events, through inserts and erasure. */
class DashboardRollupTest {
    static final LocalDate FIRST = LocalDate.of(2026, 7, 1);

    @TempDir
    Path dir;

    /**
     * {@code days} days from {@link #FIRST}; on day d, machine m (of 5) runs "build" or "test" d+m times, one run in 3
     * failing, and the fifth event of the day is a crash of that command (not a run).
     */
    static List<StoredEvent> events(int days) {
        List<StoredEvent> out = new ArrayList<>();
        String[] countries = {"Germany", "India", "Brazil"};
        for (int d = 0; d < days; d++) {
            long micros = FIRST.plusDays(d).atTime(12, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            for (int m = 0; m < 5; m++) {
                for (int i = 0; i < d + m; i++) {
                    out.add(new StoredEvent(
                            UUID.randomUUID(),
                            "forge",
                            "1." + (m % 2),
                            i == 4 ? "cli.crash" : "cli.command",
                            micros + i,
                            micros,
                            "machine-" + m,
                            "s",
                            m < 3 ? "Linux" : "Windows",
                            "6",
                            "linux-x64",
                            countries[m % 3],
                            i % 2 == 0 ? "build" : "test",
                            i % 3 == 0 ? 1 : 0,
                            10L,
                            "{}"));
                }
            }
        }
        return out;
    }

    static List<List<Object>> rows(Connection c, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The rollup's rows, and the same computed straight from the raw events, as comparable lists. */
    static void assertMatchesRawEvents(Connection c) throws Exception {
        String fromRollup =
                "SELECT day, dimension, value, events, failures, machines FROM dashboard_daily ORDER BY ALL";
        StringBuilder raw = new StringBuilder(
                "SELECT * FROM (SELECT event_time::DATE AS day, 'total' AS dimension, '' AS value,"
                        + " count(*), count(*) FILTER (WHERE exit_code <> 0), count(DISTINCT machine_id) FROM events GROUP BY 1");
        for (String d : DashboardAnswers.DIMENSIONS) {
            raw.append(" UNION ALL SELECT event_time::DATE, '")
                    .append(d)
                    .append("', ")
                    .append(d)
                    .append(
                            ", count(*), count(*) FILTER (WHERE exit_code <> 0), count(DISTINCT machine_id) FROM events")
                    .append(d.equals("command") ? " WHERE event_name = 'cli.command'" : "")
                    .append(" GROUP BY 1, 3");
        }
        raw.append(") ORDER BY ALL");
        assertThat(rows(c, fromRollup)).isEqualTo(rows(c, raw.toString())).isNotEmpty();
    }

    @Test
    void theRollupEqualsTheRawEventsAfterInsertsAndAfterAnErasure() throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir);
                Connection c = store.newReader()) {
            ActiveMachinesRollup.createTables(c); // as DuckDbDashboardData does, first
            DashboardRollup.createTables(c);
            store.onErase(DashboardRollup::forgetMachine); // as DuckDbBackend does
            store.insert(events(40));
            assertThat(DashboardRollup.refresh(c))
                    .as("40 days in batches of 16")
                    .isEqualTo(40);
            assertMatchesRawEvents(c);
            assertThat(DashboardRollup.refresh(c)).as("nothing changed").isZero();

            store.insert(events(3)); // the same shape again on the first 3 days: those days change
            assertThat(DashboardRollup.refresh(c)).isEqualTo(3);
            assertMatchesRawEvents(c);

            store.compactUsage(); // merges rows without changing any sum: nothing to recompute
            assertThat(DashboardRollup.refresh(c)).isZero();

            store.forget("forge", "machine-4");
            assertThat(DashboardRollup.refresh(c)).as("every day machine-4 ran").isEqualTo(40);
            assertMatchesRawEvents(c);
            assertThat(rows(c, "SELECT max(machines) FROM dashboard_daily")
                            .get(0)
                            .get(0))
                    .isEqualTo(4L);
        }
    }

    @Test
    void anErasureIsRecomputedEvenWhenNewEventsOfTheSameDayRestoreItsSums() throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir);
                Connection c = store.newReader()) {
            ActiveMachinesRollup.createTables(c); // as DuckDbDashboardData does, first
            DashboardRollup.createTables(c);
            store.onErase(DashboardRollup::forgetMachine); // as DuckDbBackend does
            long noon = FIRST.atTime(12, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            store.insert(List.of(new StoredEvent(
                    UUID.randomUUID(),
                    "forge",
                    "1.0",
                    "cli.command",
                    noon,
                    noon,
                    "machine-a",
                    "s",
                    "Linux",
                    "6",
                    "linux-x64",
                    "Germany",
                    "build",
                    0,
                    10L,
                    "{}")));
            DashboardRollup.refresh(c);

            // Before the next refresh: machine-a is erased and machine-b runs once on the same day, so the
            // day's occurrences and failures are what they were.
            store.forget("forge", "machine-a");
            store.insert(List.of(new StoredEvent(
                    UUID.randomUUID(),
                    "forge",
                    "1.0",
                    "cli.command",
                    noon,
                    noon,
                    "machine-b",
                    "s",
                    "Windows",
                    "10",
                    "win-x64",
                    "India",
                    "test",
                    0,
                    10L,
                    "{}")));

            assertThat(DashboardRollup.refresh(c)).as("the day machine-a ran").isEqualTo(1);
            assertMatchesRawEvents(c);
            assertThat(rows(c, "SELECT value FROM dashboard_daily WHERE dimension = 'geography'"))
                    .containsExactly(List.of("India"));
        }
    }
}
