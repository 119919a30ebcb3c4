package dev.candor.collector.store.clickhouse;

import dev.candor.collector.dashboard.CommandDetail;
import dev.candor.collector.dashboard.DashboardAnswers;
import dev.candor.collector.dashboard.DurationHistogram;
import dev.candor.collector.store.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's rollup in ClickHouse, as {@code dashboard_daily} in the embedded store: per tool,
 * day, dimension and value, the events, failures and distinct machines. Reading {@code events FINAL}
 * for a quarter takes ClickHouse 18.16 half a minute at 10 million events (its FINAL merges on one
 * thread), so the pages read this instead.
 *
 * <p>A day is recomputed when its raw rows changed: {@code dashboard_days} keeps the count and the
 * XOR of the hashed event ids of its rows when it was computed, which any insert, replay, merge or
 * erasure changes. The new rows carry a new version; the day's row in {@code dashboard_days} then
 * points at it, so readers (which join on it) see a whole day or its previous state, never half;
 * the older versions are deleted after. Several collectors may refresh at once: the highest version
 * wins and each one deletes only versions below its own.
 *
 * <p>The Commands page's rollup ({@code dashboard_command_daily}) is computed with it, in the same
 * version, so that a day's two rollups always agree.
 *
 * <p>A day whose raw rows are all gone (retention deletes them after refreshing their aggregate) is
 * computed from {@code daily_usage}, as the embedded store's rollup always is, so the Overview keeps
 * showing it; an erasure marks such days as changed ({@link #markErased}).
 */
final class ClickHouseDashboardRollup {
    static final int DAYS_PER_BATCH = 16;
    /** The raw hash of a day without raw rows whose aggregate lost a machine: never the hash of no rows (0). */
    private static final String ERASED = "1";

    private final ClickHouseHttp http;
    private final ClickHouseDashboardData reader;
    private final ClickHouseActiveMachines activeMachines;
    private boolean upgraded;
    private long lastVersion;

    ClickHouseDashboardRollup(ClickHouseHttp http, ClickHouseDashboardData reader) {
        this.http = http;
        this.reader = reader;
        this.activeMachines = new ClickHouseActiveMachines(http);
    }

    /** A day of a tool whose rows changed: what they are now, and the version the rollup has. */
    private record Changed(String tool, String day, String rows, String hash, long version) {}

    /** Recomputes at most {@link #DAYS_PER_BATCH} changed days, the latest first; returns how many. */
    synchronized int refreshBatch() throws StoreException {
        if (!upgraded) {
            activeMachines.upgrade();
            upgraded = true;
        }
        Map<String, String[]> now = new HashMap<>();
        for (var row : reader.rows("SELECT tool, toString(day) AS d, toString(count()) AS n,"
                + " toString(groupBitXor(cityHash64(toString(event_id)))) AS h FROM events GROUP BY tool, day")) {
            now.put(
                    row.get("tool").asText() + '\n' + row.get("d").asText(),
                    new String[] {row.get("n").asText(), row.get("h").asText()});
        }
        Map<String, Changed> changed = new LinkedHashMap<>();
        for (var row : reader.rows("SELECT tool, toString(day) AS d, toString(raw_rows) AS n, toString(raw_hash) AS h,"
                + " version FROM dashboard_days FINAL")) {
            String key = row.get("tool").asText() + '\n' + row.get("d").asText();
            String[] current = now.remove(key);
            String[] rows = current != null ? current : new String[] {"0", "0"};
            long version = row.get("version").asLong();
            if (!rows[0].equals(row.get("n").asText())
                    || !rows[1].equals(row.get("h").asText())) {
                changed.put(
                        key, new Changed(row.get("tool").asText(), row.get("d").asText(), rows[0], rows[1], version));
            }
        }
        now.forEach((key, rows) -> changed.put(
                key,
                new Changed(
                        key.substring(0, key.indexOf('\n')),
                        key.substring(key.indexOf('\n') + 1),
                        rows[0],
                        rows[1],
                        0)));
        List<Changed> batch = changed.values().stream()
                .sorted(Comparator.comparing(Changed::day).reversed().thenComparing(Changed::tool))
                .limit(DAYS_PER_BATCH)
                .toList();
        if (batch.isEmpty()) {
            return 0;
        }
        long version = nextVersion(batch);
        Map<String, List<String>> daysByTool = new LinkedHashMap<>();
        Map<String, List<String>> expiredByTool = new LinkedHashMap<>();
        for (Changed c : batch) {
            (c.rows().equals("0") ? expiredByTool : daysByTool)
                    .computeIfAbsent(c.tool(), t -> new ArrayList<>())
                    .add("'" + c.day() + "'");
        }
        for (var e : daysByTool.entrySet()) { // by tool, so that ClickHouse reads only these days through its index
            http.query("INSERT INTO dashboard_daily " + rollup(e.getKey(), e.getValue(), version));
            http.query("INSERT INTO dashboard_command_daily " + commandRollup(e.getKey(), e.getValue(), version));
        }
        for (var e : expiredByTool.entrySet()) {
            http.query("INSERT INTO dashboard_daily " + rollupOfUsage(e.getKey(), e.getValue(), version));
        }
        StringBuilder days =
                new StringBuilder("INSERT INTO dashboard_days (tool, day, raw_rows, raw_hash, version) VALUES");
        StringBuilder older = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            Changed c = batch.get(i);
            days.append(i == 0 ? " " : ", ")
                    .append('(')
                    .append(ClickHouseHttp.literal(c.tool()))
                    .append(", '")
                    .append(c.day())
                    .append("', ")
                    .append(c.rows())
                    .append(", ")
                    .append(c.hash())
                    .append(", ")
                    .append(version)
                    .append(')');
            older.append(i == 0 ? "" : " OR ")
                    .append("(tool = ")
                    .append(ClickHouseHttp.literal(c.tool()))
                    .append(" AND day = '")
                    .append(c.day())
                    .append("' AND version < ")
                    .append(version)
                    .append(')');
        }
        activeMachines.refresh(daysByTool, expiredByTool, version); // first: if it fails, the batch is done again
        http.query(days.toString());
        // Mutations: ClickHouse deletes in the background, readers already skip them.
        http.query("ALTER TABLE dashboard_daily DELETE WHERE " + older);
        http.query("ALTER TABLE dashboard_command_daily DELETE WHERE " + older);
        activeMachines.deleteOlder(older.toString());
        return batch.size();
    }

    /**
     * A version above the current one of every day in the batch (so it wins even if this collector's
     * clock is behind the one that computed them) and above this rollup's last.
     */
    private long nextVersion(List<Changed> batch) {
        long v = Math.max(System.currentTimeMillis() * 1000, lastVersion + 1);
        for (Changed c : batch) {
            v = Math.max(v, c.version() + 1);
        }
        lastVersion = v;
        return v;
    }

    /**
     * One pass over the days' events (FINAL: a replayed batch counts once) with a row per dimension
     * and value, as the embedded store's grouping sets; {@code total} is the day as a whole.
     */
    private static String rollup(String tool, List<String> days, long version) {
        return perDimension(
                "ifNull(command, '')",
                "count() AS events, countIf(ifNull(exit_code, 0) != 0) AS failures,"
                        + " ifNull(uniqExact(machine_id), 0) AS machines",
                "events",
                tool,
                days,
                version);
    }

    /**
     * The Commands page's rows ({@code dashboard_command_daily}) of the tool's days: one pass over the
     * days' runs ({@code events FINAL}), a row per kind through {@code ARRAY JOIN}; a run without a
     * duration has no duration row ({@code unmeasured} is dropped). A day without raw rows has none:
     * the page covers the raw events kept, as the embedded store's does.
     */
    private static String commandRollup(String tool, List<String> days, long version) {
        String ms = "ifNull(duration_ms, 0)";
        String bucket = bucketSql(ms);
        String kinds = "[('" + CommandDetail.EXIT_CODE + "', tool_version, ifNull(toString(exit_code), 'none'),"
                + " toInt64(0)), (if(isNull(duration_ms), 'unmeasured', '" + CommandDetail.DURATION
                + "'), tool_version,"
                + " toString(" + bucket + "), " + ms + "), ('" + CommandDetail.OPTIONS + "', '', if(o = '', '[]', o),"
                + " toInt64(0))]";
        return "SELECT tool, day, c, k.2 AS tv, k.1 AS kind, k.3 AS v, " + version + " AS version, count() AS runs,"
                + " max(k.4) AS max_ms FROM (SELECT tool, day, assumeNotNull(command) AS c, tool_version, exit_code,"
                + " duration_ms, visitParamExtractRaw(properties, 'command.options') AS o FROM events FINAL"
                + " WHERE tool = " + ClickHouseHttp.literal(tool) + " AND day IN (" + String.join(", ", days) + ")"
                + " AND event_name = 'cli.command' AND isNotNull(command)) ARRAY JOIN " + kinds + " AS k"
                + " GROUP BY tool, day, c, tv, kind, v HAVING kind != 'unmeasured'";
    }

    /**
     * The {@link DurationHistogram} bucket of the Int64 expression {@code ms}; a duration below {@value
     * DurationHistogram#EXACT} is its own, as in the embedded store (which cannot shift a negative one).
     */
    static String bucketSql(String ms) {
        String shift = DurationHistogram.shiftSql(ms, "(%s >= %d)");
        return "if(" + ms + " < " + DurationHistogram.EXACT + ", " + ms + ", bitShiftLeft(bitShiftRight(" + ms + ", "
                + shift + "), " + shift + "))";
    }

    /**
     * Marks every day as changed, keeping its version (readers keep reading it), so that the next
     * refreshes compute it again: for a store whose rollup predates {@code dashboard_command_daily}.
     */
    static void markAllChanged(ClickHouseHttp http) throws StoreException {
        http.query("INSERT INTO dashboard_days (tool, day, raw_rows, raw_hash, version)"
                + " SELECT tool, day, raw_rows + 1, raw_hash, version FROM dashboard_days FINAL");
    }

    /**
     * The days without raw rows (deleted by retention, after their aggregate was refreshed) from
     * {@code daily_usage}, as the embedded store's rollup always is: per dimension and value the
     * occurrences, failures and distinct machines ({@code ''} is no machine).
     */
    private static String rollupOfUsage(String tool, List<String> days, long version) {
        return perDimension(
                "command",
                "sum(occurrences) AS events, sum(failures) AS failures,"
                        + " uniqExactIf(machine_id, machine_id != '') AS machines",
                "daily_usage",
                tool,
                days,
                version);
    }

    /**
     * The rollup's rows for the tool's days from {@code table FINAL}: {@code sums} per dimension and
     * value through {@code ARRAY JOIN}, {@code command} being that table's command with no NULL.
     */
    private static String perDimension(
            String command, String sums, String table, String tool, List<String> days, long version) {
        StringBuilder dims = new StringBuilder("[('total', '')");
        for (String d : DashboardAnswers.DIMENSIONS) {
            // A command counts its runs (cli.command); a crash or an error of that command is not a run.
            String value = d.equals("command") ? "if(event_name = 'cli.command', " + command + ", '')" : d;
            dims.append(", ('").append(d).append("', ").append(value).append(')');
        }
        dims.append(']');
        return "SELECT tool, day, dim.1 AS dimension, dim.2 AS value, " + version + " AS version, " + sums
                + " FROM " + table + " FINAL ARRAY JOIN " + dims + " AS dim"
                + " WHERE tool = " + ClickHouseHttp.literal(tool) + " AND day IN (" + String.join(", ", days) + ")"
                + " GROUP BY tool, day, dimension, value HAVING NOT (dimension = 'command' AND value = '')";
    }

    /**
     * Marks the days a machine is about to be erased from that have no raw rows left (so no change
     * of the raw rows would show the erasure) as changed: the same version, so readers keep reading
     * it until the recomputation, with a hash no raw rows give. Called before its
     * {@code daily_usage} rows are deleted.
     */
    static void markErased(ClickHouseHttp http, String tool, String machineId) throws StoreException {
        http.query("INSERT INTO dashboard_days (tool, day, raw_rows, raw_hash, version) SELECT tool, day, 0, "
                + ERASED + ", version FROM dashboard_days FINAL WHERE tool = " + ClickHouseHttp.literal(tool)
                + " AND raw_rows = 0 AND day IN (SELECT day FROM daily_usage WHERE tool = "
                + ClickHouseHttp.literal(tool)
                + " AND machine_id = " + ClickHouseHttp.literal(machineId) + ")");
    }

    /**
     * The condition that keeps a rollup row of the current version of its day, for the tool's days
     * from {@code from} to {@code to} (ISO dates), or of every day of every tool when {@code tool} is null.
     */
    static String current(String tool, String from, String to) {
        String where = tool == null
                ? ""
                : " WHERE tool = " + ClickHouseHttp.literal(tool) + " AND day >= '" + from + "' AND day <= '" + to
                        + "'";
        return "(tool, day, version) IN (SELECT tool, day, version FROM dashboard_days FINAL" + where + ")";
    }
}
