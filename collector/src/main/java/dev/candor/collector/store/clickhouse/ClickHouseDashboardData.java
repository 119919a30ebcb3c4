package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.dashboard.CommandDetail;
import dev.candor.collector.dashboard.CrashGroups;
import dev.candor.collector.dashboard.DashboardAnswers;
import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.dashboard.DayRange;
import dev.candor.collector.json.Json;
import dev.candor.collector.store.StoreException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's numbers from ClickHouse, for collectors whose sink is Kafka. The Overview, the tool
 * list and the Commands page read the rollups ({@link ClickHouseDashboardRollup}), which
 * {@link #refresh} brings up to date; the crash groups read the raw events of crashes only, each
 * event once ({@code LIMIT 1 BY event_id}: a batch a loader replayed counts once, without the cost
 * of {@code FINAL}). The JSON is
 * assembled by {@link DashboardAnswers}, as for the embedded store, so both give the same answers for
 * the same events ({@code ClickHouseDashboardDataTest}).
 */
public final class ClickHouseDashboardData implements DashboardData {
    private static final ObjectMapper JSON = Json.MAPPER;

    private final ClickHouseHttp http;
    private final ClickHouseEventStore store;
    private final ClickHouseDashboardRollup rollup;
    private final ClickHouseActiveMachines activeMachines;

    ClickHouseDashboardData(ClickHouseHttp http, ClickHouseEventStore store) {
        this.http = http;
        this.store = store;
        this.rollup = new ClickHouseDashboardRollup(http, this);
        this.activeMachines = new ClickHouseActiveMachines(http);
    }

    List<JsonNode> rows(String sql) throws StoreException {
        return http.rows(sql);
    }

    /** The tool's days of the range in the Overview's rollup, at their current version. */
    private static String rolledUp(DayRange r) {
        return rolledUp("dashboard_daily", r);
    }

    /** The tool's days of the range in a rollup {@code table}, at their current version. */
    private static String rolledUp(String table, DayRange r) {
        return " FROM " + table + " WHERE tool = " + ClickHouseHttp.literal(r.tool()) + " AND day >= '" + r.from()
                + "' AND day <= '" + r.to() + "' AND "
                + ClickHouseDashboardRollup.current(r.tool(), r.from().toString(), r.to().toString());
    }

    /** The raw rows of a tool's range, to be followed by more conditions and {@code LIMIT 1 BY event_id}. */
    private static String raw(DayRange r) {
        return " FROM events WHERE tool = " + ClickHouseHttp.literal(r.tool()) + " AND day >= '" + r.from()
                + "' AND day <= '" + r.to() + "'";
    }

    @Override
    public ArrayNode tools() throws StoreException {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode row :
                rows("SELECT tool, sum(events) AS n, toString(min(day)) AS first, toString(max(day)) AS last"
                        + " FROM dashboard_daily WHERE dimension = 'total' AND "
                        + ClickHouseDashboardRollup.current(null, null, null)
                        + " GROUP BY tool ORDER BY tool")) {
            out.addObject()
                    .put("id", row.get("tool").asText())
                    .put("events", row.get("n").asLong())
                    .put("firstDay", row.get("first").asText())
                    .put("lastDay", row.get("last").asText());
        }
        return out;
    }

    @Override
    public ObjectNode overview(DayRange r) throws StoreException {
        Map<LocalDate, long[]> byDay = new HashMap<>();
        Map<String, List<DashboardAnswers.Count>> dimensions = new LinkedHashMap<>();
        // One query: the days' totals (grouped by day) and each dimension's values over the range.
        for (JsonNode row :
                rows("SELECT dimension, if(dimension = 'total', toString(day), value) AS v, sum(events) AS n,"
                        + " sum(failures) AS f, max(machines) AS m" + rolledUp(r)
                        + " GROUP BY dimension, v ORDER BY dimension, n DESC, v")) {
            if (row.get("dimension").asText().equals("total")) {
                byDay.put(LocalDate.parse(row.get("v").asText()), new long[] {
                    row.get("n").asLong(), row.get("f").asLong(), row.get("m").asLong()
                });
            } else {
                dimensions
                        .computeIfAbsent(row.get("dimension").asText(), k -> new ArrayList<>())
                        .add(new DashboardAnswers.Count(
                                row.get("v").asText(),
                                row.get("n").asLong(),
                                row.get("f").asLong()));
            }
        }
        return DashboardAnswers.overview(r, byDay, dimensions);
    }

    @Override
    public ObjectNode command(DayRange r, String command) throws StoreException {
        ArrayNode days = JSON.createArrayNode();
        for (JsonNode row : rows("SELECT toString(day) AS d, events AS n, failures AS f, machines AS m" + rolledUp(r)
                + " AND dimension = 'command' AND value = " + ClickHouseHttp.literal(command) + " ORDER BY day")) {
            days.addObject()
                    .put("day", row.get("d").asText())
                    .put("events", row.get("n").asLong())
                    .put("failures", row.get("f").asLong())
                    .put("machines", row.get("m").asLong());
        }
        CommandDetail detail = new CommandDetail();
        for (JsonNode row : rows("SELECT kind, tool_version AS tv, value AS v, sum(runs) AS n, max(max_ms) AS mx"
                + rolledUp("dashboard_command_daily", r) + " AND command = " + ClickHouseHttp.literal(command)
                + " GROUP BY kind, tv, v")) {
            detail.add(
                    row.get("kind").asText(),
                    row.get("tv").asText(),
                    row.get("v").asText(),
                    row.get("n").asLong(),
                    row.get("mx").asLong());
        }
        return detail.answer(r, command, days);
    }

    @Override
    public ObjectNode adoption(DayRange r, String dimension) throws StoreException {
        List<DashboardAnswers.DayValue> perValue = new ArrayList<>();
        Map<LocalDate, Long> totals = new HashMap<>();
        for (JsonNode row : rows("SELECT toString(day) AS d, dimension, value, machines AS m" + rolledUp(r)
                + " AND dimension IN ('total', " + ClickHouseHttp.literal(dimension) + ")")) {
            LocalDate day = LocalDate.parse(row.get("d").asText());
            if (row.get("dimension").asText().equals("total")) {
                totals.put(day, row.get("m").asLong());
            } else {
                perValue.add(new DashboardAnswers.DayValue(
                        day, row.get("value").asText(), row.get("m").asLong()));
            }
        }
        Map<String, LocalDate> firstSeen = new HashMap<>();
        // ClickHouse 18.16's Date ends in 2106.
        DayRange all = new DayRange(r.tool(), LocalDate.of(1970, 1, 1), LocalDate.of(2100, 12, 31));
        for (JsonNode row : rows("SELECT value, toString(min(day)) AS first" + rolledUp(all) + " AND dimension = "
                + ClickHouseHttp.literal(dimension) + " GROUP BY value")) {
            firstSeen.put(
                    row.get("value").asText(), LocalDate.parse(row.get("first").asText()));
        }
        return DashboardAnswers.adoption(r, dimension, perValue, totals, firstSeen);
    }

    @Override
    public ObjectNode errors(DayRange r) throws StoreException {
        String grouped = "SELECT event_id, event_name, if(visitParamHas(properties, 'exception.type'),"
                + " visitParamExtractString(properties, 'exception.type'), 'Unknown') AS type,"
                + " replaceRegexpAll(arrayStringConcat(arraySlice(extractAll(visitParamExtractString(properties,"
                + " 'exception.stacktrace'), '\\\\n\\\\s*at ([^\\\\n]+)'), 1, 3), '\\n'), '\\\\([^)]*\\\\)', '') AS frames,"
                + " tool_version AS version, event_time_us, day, command,"
                + " visitParamExtractString(properties, 'exception.stacktrace') AS stack"
                + raw(r) + " AND event_name IN ('cli.crash', 'cli.error') LIMIT 1 BY event_id";
        List<CrashGroups.Row> rows = new ArrayList<>();
        for (JsonNode row : rows("SELECT event_name, type, frames, version, count() AS n,"
                + " toString(toDateTime(intDiv(min(event_time_us), 1000000), 'UTC')) AS first,"
                + " toString(toDateTime(intDiv(max(event_time_us), 1000000), 'UTC')) AS last, min(stack) AS sample"
                + " FROM (" + grouped + ") GROUP BY event_name, type, frames, version ORDER BY n DESC LIMIT 5000")) {
            rows.add(new CrashGroups.Row(
                    row.get("event_name").asText(),
                    row.get("type").asText(),
                    row.get("frames").asText(),
                    row.get("version").asText(),
                    row.get("n").asLong(),
                    row.get("first").asText(),
                    row.get("last").asText(),
                    row.get("sample").asText()));
        }
        List<CrashGroups.CommandRow> commands = new ArrayList<>();
        for (JsonNode row : rows("SELECT DISTINCT event_name, type, frames, ifNull(command, '') AS c FROM (" + grouped
                + ") LIMIT 20000")) {
            commands.add(new CrashGroups.CommandRow(
                    row.get("event_name").asText(),
                    row.get("type").asText(),
                    row.get("frames").asText(),
                    row.get("c").asText()));
        }
        List<CrashGroups.DayRow> days = new ArrayList<>();
        for (JsonNode row : rows("SELECT event_name, type, frames, toString(day) AS d, count() AS n FROM (" + grouped
                + ") GROUP BY event_name, type, frames, day ORDER BY day LIMIT 50000")) {
            days.add(new CrashGroups.DayRow(
                    row.get("event_name").asText(),
                    row.get("type").asText(),
                    row.get("frames").asText(),
                    LocalDate.parse(row.get("d").asText()),
                    row.get("n").asLong()));
        }
        return DashboardAnswers.errors(r, rows, commands, days);
    }

    @Override
    public ObjectNode activeMachines(DayRange r) throws StoreException {
        return dev.candor.collector.dashboard.ActiveMachines.answer(r, activeMachines.read(r));
    }

    /** Recomputes every changed day of the rollup. */
    @Override
    public int refresh() throws StoreException {
        int total = 0;
        int n;
        do {
            n = rollup.refreshBatch();
            total += n;
        } while (n == ClickHouseDashboardRollup.DAYS_PER_BATCH);
        return total;
    }

    @Override
    public int refreshStep() throws StoreException {
        return rollup.refreshBatch();
    }
}
