package dev.candor.collector.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.dashboard.CommandDetail;
import dev.candor.collector.dashboard.DurationHistogram;
import dev.candor.collector.store.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Commands page's rollup against the same rows computed in Java from the events, through erasure and retention. */
class CommandRollupTest {
    static final LocalDate FIRST = LocalDate.of(2026, 7, 1);
    static final int DAYS = 20;

    @TempDir
    Path dir;

    /** Runs of two commands over {@link #DAYS} days, with and without exit codes, durations and options; some crashes. */
    static List<StoredEvent> events() {
        Random r = new Random(3);
        String[] options = {
            "{}", "{\"command.options\":[\"--release\"]}", "{\"command.options\":[\"--release\",\"-v\"]}"
        };
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long micros =
                    FIRST.plusDays(r.nextInt(DAYS)).toEpochSecond(java.time.LocalTime.MIN, ZoneOffset.UTC) * 1_000_000L
                            + (long) r.nextInt(86_400) * 1_000_000L;
            boolean crash = r.nextInt(15) == 0;
            out.add(new StoredEvent(
                    UUID.randomUUID(),
                    "forge",
                    r.nextBoolean() ? "1.0" : "1.1",
                    crash ? "cli.crash" : "cli.command",
                    micros,
                    micros,
                    "machine-" + r.nextInt(4),
                    "s",
                    "Linux",
                    "6",
                    "linux-x64",
                    "Germany",
                    r.nextInt(3) == 0 ? "test" : "build",
                    r.nextInt(10) == 0 ? null : Integer.valueOf(r.nextInt(6) == 0 ? 1 : 0),
                    r.nextInt(12) == 0 ? null : Long.valueOf((long) Math.exp(r.nextDouble() * 12)),
                    crash ? "{}" : options[r.nextInt(options.length)]));
        }
        return out;
    }

    /** What the rollup must hold for {@code events}, as its rows' text: worked out in Java, not SQL. */
    static List<List<String>> expected(List<StoredEvent> events) {
        Map<List<String>, long[]> rows = new HashMap<>();
        for (StoredEvent e : events) {
            if (!e.eventName().equals("cli.command")) {
                continue;
            }
            String day = LocalDate.ofEpochDay(Math.floorDiv(e.eventTimeMicros(), 86_400_000_000L))
                    .toString();
            String code = e.exitCode() == null ? "none" : e.exitCode().toString();
            rows.computeIfAbsent(
                            List.of(day, e.command(), e.toolVersion(), CommandDetail.EXIT_CODE, code),
                            k -> new long[2])[0]++;
            if (e.durationMs() != null) {
                long[] d = rows.computeIfAbsent(
                        List.of(
                                day,
                                e.command(),
                                e.toolVersion(),
                                CommandDetail.DURATION,
                                Long.toString(DurationHistogram.lowerBound(e.durationMs()))),
                        k -> new long[] {0, Long.MIN_VALUE});
                d[0]++;
                d[1] = Math.max(d[1], e.durationMs());
            }
            String array = e.properties().equals("{}")
                    ? "[]"
                    : e.properties()
                            .substring(
                                    e.properties().indexOf('['), e.properties().indexOf(']') + 1);
            rows.computeIfAbsent(List.of(day, e.command(), "", CommandDetail.OPTIONS, array), k -> new long[2])[0]++;
        }
        List<List<String>> out = new ArrayList<>();
        rows.forEach((k, v) -> {
            List<String> row = new ArrayList<>(k);
            row.add(Long.toString(v[0]));
            row.add(Long.toString(v[1]));
            out.add(row);
        });
        return out;
    }

    /** The rollup's rows as text, read on {@code c}, a reader that is not in auto-commit mode. */
    static List<List<String>> rolledUp(Connection c) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT day::VARCHAR, command, tool_version, kind, value, runs, max_ms"
                        + " FROM dashboard_command_daily")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 7; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        c.commit(); // ends the read's transaction, so that the next refresh on c sees later inserts
        return out;
    }

    @Test
    void theRollupEqualsTheRunsAfterInsertsAnErasureAndRetention() throws Exception {
        List<StoredEvent> events = events();
        try (DuckDbEventStore store = DuckDbEventStore.open(dir);
                Connection c = store.newReader()) {
            store.onErase(DashboardRollup::forgetMachine); // as DuckDbBackend does
            store.onRetention(CommandRollup::forgetBefore);
            ActiveMachinesRollup.createTables(c); // as DuckDbDashboardData does, first
            DashboardRollup.createTables(c);
            store.insert(events.subList(0, 1_500));
            assertThat(DashboardRollup.refresh(c)).isEqualTo(DAYS);
            assertThat(rolledUp(c)).containsExactlyInAnyOrderElementsOf(expected(events.subList(0, 1_500)));

            store.insert(events.subList(1_500, events.size()));
            assertThat(DashboardRollup.refresh(c))
                    .as("the days of the later runs")
                    .isEqualTo(DAYS);
            assertThat(rolledUp(c)).containsExactlyInAnyOrderElementsOf(expected(events));

            store.forget("forge", "machine-2");
            assertThat(DashboardRollup.refresh(c)).as("every day machine-2 ran").isEqualTo(DAYS);
            List<StoredEvent> kept = new ArrayList<>(events.stream()
                    .filter(e -> !e.machineId().equals("machine-2"))
                    .toList());
            assertThat(rolledUp(c)).containsExactlyInAnyOrderElementsOf(expected(kept));

            LocalDate cutoff = FIRST.plusDays(8);
            store.deleteRawBefore(cutoff, false);
            kept.removeIf(e ->
                    e.eventTimeMicros() < cutoff.toEpochSecond(java.time.LocalTime.MIN, ZoneOffset.UTC) * 1_000_000L);
            assertThat(rolledUp(c))
                    .as("the days retention emptied have no runs")
                    .containsExactlyInAnyOrderElementsOf(expected(kept));
            assertThat(DashboardRollup.refresh(c))
                    .as("retention leaves the Overview's sums as they were")
                    .isZero();
        }
    }

    @Test
    void aStoreWhoseOverviewRollupPredatesThisOneGetsEveryDayComputed() throws Exception {
        List<StoredEvent> events = events();
        try (DuckDbEventStore store = DuckDbEventStore.open(dir);
                Connection c = store.newReader()) {
            ActiveMachinesRollup.createTables(c); // as DuckDbDashboardData does, first
            DashboardRollup.createTables(c);
            store.insert(events);
            DashboardRollup.refresh(c);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE dashboard_command_daily"); // as a store of the previous release
            }

            ActiveMachinesRollup.createTables(c); // as DuckDbDashboardData does, first
            DashboardRollup.createTables(c);

            assertThat(DashboardRollup.refresh(c)).isEqualTo(DAYS);
            assertThat(rolledUp(c)).containsExactlyInAnyOrderElementsOf(expected(events));
            ActiveMachinesRollup.createTables(c); // as DuckDbDashboardData does, first
            DashboardRollup.createTables(c);
            assertThat(DashboardRollup.refresh(c)).as("only once").isZero();
        }
    }

    @Test
    void aDurationHasTheSameBucketInDuckDbAsInJava() throws Exception {
        List<Long> durations = dev.candor.collector.testing.BucketEdges.durations();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (long d : durations) {
                try (ResultSet rs = s.executeQuery("SELECT " + CommandRollup.bucketSql("(" + d + ")::BIGINT"))) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("bucket of %d", d).isEqualTo(DurationHistogram.lowerBound(d));
                }
            }
        }
    }
}
