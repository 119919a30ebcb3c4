package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.backend.Backend;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.clickhouse.ClickHouseBackend;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import dev.candor.collector.store.duckdb.DuckDbBackend;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.testing.ClickHouseExtension;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Active machines, new and returning, and the weekly retention grid, worked by hand, on each store: a
 * first rollup, a backfilled day that moves a machine's first day earlier, and an erasure.
 */
class ActiveMachinesTest {
    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    /** Wednesday 1 to Tuesday 14 July 2026: three ISO weeks (from 29 June, 6 and 13 July), one month. */
    static final DayRange RANGE = new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 14));

    /** A database of its own for each test. */
    private final String database = "active_machines_" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    private static List<StoredEvent> runs(String machine, String... days) {
        List<StoredEvent> out = new ArrayList<>();
        for (String day : days) {
            for (int i = 0; i < 2; i++) { // two runs a day: a machine counts once
                out.add(EmbeddedDashboard.event("1.0.0", "cli.command", day, i, machine, "build", 0, 10L, "{}"));
            }
        }
        return out;
    }

    private Backend open(String store) throws Exception {
        return store.equals("duckdb")
                ? new DuckDbBackend(DuckDbEventStore.open(dir))
                : new ClickHouseBackend(ClickHouseEventStore.open(CLICKHOUSE.url(), database));
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse"})
    void activeNewAndReturningMachinesPerDayWeekAndMonthAndTheRetentionGrid(String store) throws Exception {
        Backend backend = open(store);
        try {
            List<StoredEvent> events = new ArrayList<>();
            events.addAll(runs("a", "2026-06-30", "2026-07-01", "2026-07-08")); // first seen in June, before the range
            events.addAll(runs("b", "2026-07-01", "2026-07-02", "2026-07-14"));
            events.addAll(runs("c", "2026-07-08", "2026-07-09"));
            events.addAll(runs("d", "2026-07-14"));
            events.addAll(runs(null, "2026-07-01")); // no machine id: never a machine
            backend.events().insert(events);
            DashboardData data = backend.dashboard();
            data.refresh();
            JsonNode a = data.activeMachines(RANGE);

            assertThat(rows(a, "days", "day"))
                    .containsExactly(
                            "2026-07-01 active 2 new 1 returning 1", // a returns, b is new
                            "2026-07-02 active 1 new 0 returning 1",
                            "2026-07-03 active 0 new 0 returning 0",
                            "2026-07-04 active 0 new 0 returning 0",
                            "2026-07-05 active 0 new 0 returning 0",
                            "2026-07-06 active 0 new 0 returning 0",
                            "2026-07-07 active 0 new 0 returning 0",
                            "2026-07-08 active 2 new 1 returning 1", // c is new
                            "2026-07-09 active 1 new 0 returning 1",
                            "2026-07-10 active 0 new 0 returning 0",
                            "2026-07-11 active 0 new 0 returning 0",
                            "2026-07-12 active 0 new 0 returning 0",
                            "2026-07-13 active 0 new 0 returning 0",
                            "2026-07-14 active 2 new 1 returning 1"); // d is new
            assertThat(rows(a, "weeks", "week"))
                    .containsExactly(
                            "2026-06-29 active 2 new 2 returning 0 partial", // a (first on 30 June) and b
                            "2026-07-06 active 2 new 1 returning 1",
                            "2026-07-13 active 2 new 1 returning 1 partial");
            assertThat(rows(a, "months", "month")).containsExactly("2026-07-01 active 4 new 3 returning 1 partial");
            assertThat(a.get("newInRange").asLong()).isEqualTo(3);
            assertThat(grid(a))
                    .containsExactly(
                            "2026-06-29 of 2: [2,1,1] [1.0,0.5,0.5]", // a in week 1, b in week 2
                            "2026-07-06 of 1: [1,0] [1.0,0.0]",
                            "2026-07-13 of 1: [1] [1.0]");
            assertThat(data.refresh()).as("nothing changed since").isZero();

            // A late batch: c was already active on 2 July, so it is new then and returning on the 8th.
            backend.events().insert(runs("c", "2026-07-02"));
            assertThat(data.refresh()).isEqualTo(1);
            a = data.activeMachines(RANGE);
            assertThat(rows(a, "days", "day").subList(0, 2))
                    .containsExactly("2026-07-01 active 2 new 1 returning 1", "2026-07-02 active 2 new 1 returning 1");
            assertThat(rows(a, "days", "day").get(7)).isEqualTo("2026-07-08 active 2 new 0 returning 2");
            assertThat(rows(a, "weeks", "week"))
                    .containsExactly(
                            "2026-06-29 active 3 new 3 returning 0 partial",
                            "2026-07-06 active 2 new 0 returning 2",
                            "2026-07-13 active 2 new 1 returning 1 partial");
            assertThat(grid(a))
                    .containsExactly(
                            "2026-06-29 of 3: [3,2,1] [1.0,0.6667,0.3333]",
                            "2026-07-06 of 0: [0,0] [0.0,0.0]",
                            "2026-07-13 of 1: [1] [1.0]");

            // b asks to be forgotten: it leaves every count and the grid.
            assertThat(rollupRowsOf(store, backend, "b")).isPositive();
            backend.events().forget("forge", "b");
            assertThat(rollupRowsOf(store, backend, "b"))
                    .as("at once, before a refresh")
                    .isZero();
            data.refresh();
            a = data.activeMachines(RANGE);
            assertThat(rows(a, "days", "day").subList(0, 2))
                    .containsExactly("2026-07-01 active 1 new 0 returning 1", "2026-07-02 active 1 new 1 returning 0");
            assertThat(rows(a, "days", "day").get(13)).isEqualTo("2026-07-14 active 1 new 1 returning 0");
            assertThat(rows(a, "weeks", "week"))
                    .containsExactly(
                            "2026-06-29 active 2 new 2 returning 0 partial",
                            "2026-07-06 active 2 new 0 returning 2",
                            "2026-07-13 active 1 new 1 returning 0 partial");
            assertThat(rows(a, "months", "month")).containsExactly("2026-07-01 active 3 new 2 returning 1 partial");
            assertThat(grid(a))
                    .containsExactly(
                            "2026-06-29 of 2: [2,2,0] [1.0,1.0,0.0]",
                            "2026-07-06 of 0: [0,0] [0.0,0.0]",
                            "2026-07-13 of 1: [1] [1.0]");
        } finally {
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse"})
    void aStoreRolledUpBeforeTheseTablesExistedGetsThemAtTheNextRefreshes(String store) throws Exception {
        Backend before = open(store);
        JsonNode expected;
        try {
            before.events().insert(runs("a", "2026-06-30", "2026-07-01", "2026-07-08"));
            before.events().insert(runs("b", "2026-07-01", "2026-07-14"));
            before.dashboard().refresh();
            expected = before.dashboard().activeMachines(RANGE);
            sql(store, before, "DROP TABLE active_machines");
            sql(store, before, "DROP TABLE active_machine_days");
        } finally {
            before.close();
        }
        Backend after = open(store);
        try {
            DashboardData data = after.dashboard();
            assertThat(data.refresh()).as("every day again").isEqualTo(4);
            assertThat(data.activeMachines(RANGE)).isEqualTo(expected);
            assertThat(rows(expected, "weeks", "week")).startsWith("2026-06-29 active 2 new 2 returning 0 partial");
            assertThat(data.refresh()).as("once").isZero();
        } finally {
            after.close();
        }
    }

    /** The rows of the rollup's days that hold {@code machine}, read from the store itself. */
    private long rollupRowsOf(String store, Backend backend, String machine) throws Exception {
        String hash = store.equals("duckdb") ? "hash" : "cityHash64";
        return Long.parseLong(sql(
                store,
                backend,
                "SELECT count(*) FROM active_machine_days WHERE machine = " + hash + "('" + machine + "')"));
    }

    /** Runs a statement in the store itself; the first cell of its answer, or "" for none. */
    private String sql(String store, Backend backend, String sql) throws Exception {
        if (store.equals("duckdb")) {
            try (java.sql.Connection c = ((DuckDbEventStore) backend.events()).newReader();
                    java.sql.Statement s = c.createStatement()) {
                String first = "";
                if (s.execute(sql)) {
                    try (java.sql.ResultSet rs = s.getResultSet()) {
                        first = rs.next() ? rs.getString(1) : "";
                    }
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                return first;
            }
        }
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(CLICKHOUSE.url().resolve("/?database=" + database))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sql))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().strip();
    }

    /** Each period as "start active A new N returning R", with " partial" where the range cuts it. */
    private static List<String> rows(JsonNode a, String list, String key) {
        return StreamSupport.stream(a.get(list).spliterator(), false)
                .map(p -> p.get(key).asText() + " active " + p.get("active") + " new " + p.get("new") + " returning "
                        + p.get("returning") + (p.path("partial").asBoolean() ? " partial" : ""))
                .toList();
    }

    /** Each cohort as "week of SIZE: [active per week since] [share per week since]". */
    private static List<String> grid(JsonNode a) {
        return StreamSupport.stream(a.get("retention").spliterator(), false)
                .map(c -> c.get("week").asText() + " of " + c.get("machines") + ": " + c.get("active") + " "
                        + c.get("share"))
                .toList();
    }
}
