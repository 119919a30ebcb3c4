package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.dashboard.ActiveMachines;
import dev.candor.collector.dashboard.DayRange;
import dev.candor.collector.store.StoreException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Active machines page's rollup in ClickHouse, as {@code ActiveMachinesRollup} in the embedded
 * store and refreshed with the dashboard's rollup ({@link ClickHouseDashboardRollup#refreshBatch}),
 * for the same days. {@code active_machine_days} holds each recomputed day's machines (64-bit hashes
 * of their ids) under the batch's version, and only a day's latest version counts, so a
 * recomputation replaces a day whole; {@code active_machines} (ReplacingMergeTree by version) holds per grain, period and
 * first period the distinct machines. A recomputation first writes a zero for every row of the
 * periods it covers, then the new counts under a higher version: a count that no longer exists
 * becomes a zero, which readers skip, instead of staying behind. An erasure deletes the machine's
 * rows at once ({@link #forgetMachine}); its days change, so their periods are recomputed.
 */
final class ClickHouseActiveMachines {
    private static final String GRAIN = "arrayJoin(['day', 'week', 'month'])";

    private final ClickHouseHttp http;

    ClickHouseActiveMachines(ClickHouseHttp http) {
        this.http = http;
    }

    /** The start of the period of {@code grain} (an expression) that holds {@code day} (an expression), as SQL. */
    private static String periodOf(String grain, String day) {
        return "multiIf(" + grain + " = 'day', " + day + ", " + grain + " = 'week', toMonday(" + day
                + "), toStartOfMonth(" + day + "))";
    }

    /**
     * Takes the machines of the days a batch of the dashboard's rollup recomputes ({@code raw}: from
     * the raw events; {@code expired}: from {@code daily_usage}, their raw events deleted) under its
     * {@code version}, and recomputes the periods from each tool's earliest such day on. Called before
     * the batch's days are marked as done, so that a failure here makes the next refresh do it again.
     */
    void refresh(Map<String, List<String>> raw, Map<String, List<String>> expired, long version) throws StoreException {
        insertDays(raw, "events", "assumeNotNull(machine_id)", "isNotNull(machine_id) AND machine_id != ''", version);
        insertDays(expired, "daily_usage", "machine_id", "machine_id != ''", version);
        java.util.Set<String> tools = new java.util.TreeSet<>(raw.keySet());
        tools.addAll(expired.keySet());
        for (String tool : tools) {
            String since = java.util.stream.Stream.of(raw, expired)
                    .flatMap(m -> m.getOrDefault(tool, List.of()).stream())
                    .min(String::compareTo)
                    .orElseThrow();
            summarize(tool, since, version);
        }
    }

    private void insertDays(Map<String, List<String>> days, String table, String machine, String known, long version)
            throws StoreException {
        for (var e : days.entrySet()) {
            http.query("INSERT INTO active_machine_days SELECT DISTINCT tool, day, toUInt64(" + version
                    + ") AS version, cityHash64(" + machine + ") AS machine FROM " + table + " WHERE tool = "
                    + ClickHouseHttp.literal(e.getKey()) + " AND day IN (" + String.join(", ", e.getValue()) + ") AND "
                    + known);
        }
    }

    /** Recomputes the tool's periods from the one holding {@code since} (quoted ISO day) on. */
    private void summarize(String tool, String since, long version) throws StoreException {
        String t = ClickHouseHttp.literal(tool);
        String from = periodOf("grain", "toDate(" + since + ")");
        // Each day's latest version: the older ones are those the mutations of deleteOlder have not deleted yet.
        String current = " FROM active_machine_days WHERE tool = " + t + " AND (tool, day, version) IN (SELECT tool,"
                + " day, max(version) FROM active_machine_days WHERE tool = " + t + " GROUP BY tool, day)";
        http.query("INSERT INTO active_machines (tool, grain, period, first_period, machines, version)"
                + " SELECT tool, grain, period, first_period, 0, " + 2 * version
                + " FROM active_machines FINAL WHERE tool = " + t + " AND period >= " + from);
        http.query("INSERT INTO active_machines (tool, grain, period, first_period, machines, version)"
                + " SELECT " + t + ", grain, period, if(grain = 'week' OR (" + periodOf("grain", "first_day")
                + " AS fp) = period, fp, toDate('" + ActiveMachines.EARLIER + "')) AS first_period,"
                + " uniqExact(machine), " + (2 * version + 1) + " FROM (SELECT machine, day, " + GRAIN + " AS grain,"
                + periodOf("grain", "day") + " AS period" + current + " AND day >= least(toMonday(toDate(" + since
                + ")), toStartOfMonth(toDate(" + since + ")))) ANY INNER JOIN (SELECT machine,"
                + " min(day) AS first_day" + current + " GROUP BY machine) USING machine"
                + " WHERE period >= " + from + " GROUP BY grain, period, first_period");
    }

    /**
     * A database rolled up before these tables existed: every day of the dashboard's rollup is marked as
     * changed (its version kept, so readers read it until then; a row count no day has), so that the
     * next refreshes compute them again, this rollup's part included. Once per process, before its first
     * refresh; a database whose events never had a machine id is computed again each time.
     */
    void upgrade() throws StoreException {
        if (http.rows("SELECT 1 AS one FROM active_machines LIMIT 1").isEmpty()) {
            http.query("INSERT INTO dashboard_days (tool, day, raw_rows, raw_hash, version)"
                    + " SELECT tool, day, raw_rows + 1, raw_hash, version FROM dashboard_days FINAL");
        }
    }

    /** Deletes the rows of the versions a batch replaced, {@code older} being the batch's condition on them. */
    void deleteOlder(String older) throws StoreException {
        http.query("ALTER TABLE active_machine_days DELETE WHERE " + older);
    }

    /** An erasure's part here: the machine leaves the rollup's days at once (a mutation the erasure waits for). */
    static void forgetMachine(ClickHouseHttp http, String tool, String machineId) throws StoreException {
        http.query("ALTER TABLE active_machine_days DELETE WHERE tool = " + ClickHouseHttp.literal(tool)
                + " AND machine = cityHash64(" + ClickHouseHttp.literal(machineId) + ")");
    }

    /** The rollup's rows the page needs for the range ({@link ActiveMachines#answer}). */
    List<ActiveMachines.Row> read(DayRange r) throws StoreException {
        List<ActiveMachines.Row> rows = new ArrayList<>();
        for (JsonNode row : http.rows("SELECT grain, toUInt16(period) AS p, toUInt16(first_period) AS f, machines AS m"
                + " FROM active_machines FINAL WHERE tool = " + ClickHouseHttp.literal(r.tool()) + " AND period >= '"
                + ActiveMachines.readFrom(r) + "' AND period <= '" + r.to() + "' AND machines > 0")) {
            rows.add(new ActiveMachines.Row(
                    row.get("grain").asText(),
                    LocalDate.ofEpochDay(row.get("p").asLong()),
                    LocalDate.ofEpochDay(row.get("f").asLong()), // as numbers: 18.16 writes the day 0 as 0000-00-00
                    row.get("m").asLong()));
        }
        return rows;
    }
}
