package dev.candor.collector.store.duckdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.dashboard.CommandDetail;
import dev.candor.collector.dashboard.CrashGroups;
import dev.candor.collector.dashboard.DashboardAnswers;
import dev.candor.collector.dashboard.DayRange;
import dev.candor.collector.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's data, as JSON for its pages. The Overview, the per-day series and the Commands page
 * read only the rollups ({@link DashboardRollup}, {@link CommandRollup}); the crash groups need the raw
 * events, filtered by tool, day range and event name.
 */
final class DashboardQueries {
    static final ObjectMapper JSON = Json.MAPPER;

    private final Connection c;

    DashboardQueries(Connection c) {
        this.c = c;
    }

    /** Each tool with stored data: total events and its first and last day. */
    ArrayNode tools() throws SQLException {
        ArrayNode out = JSON.createArrayNode();
        try (PreparedStatement ps = c.prepareStatement("SELECT tool, sum(occurrences)::BIGINT, min(day), max(day)"
                        + " FROM dashboard_days GROUP BY tool ORDER BY tool");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.addObject()
                        .put("id", rs.getString(1))
                        .put("events", rs.getLong(2))
                        .put("firstDay", rs.getObject(3, LocalDate.class).toString())
                        .put("lastDay", rs.getObject(4, LocalDate.class).toString());
            }
        }
        return out;
    }

    /** Usage over time, top commands with their failure rate, and the breakdowns, all from the rollup. */
    ObjectNode overview(DayRange r) throws SQLException {
        Map<LocalDate, long[]> byDay = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT day, events, failures, machines FROM dashboard_daily"
                + " WHERE tool = ? AND dimension = 'total' AND day BETWEEN ? AND ?")) {
            bind(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byDay.put(
                            rs.getObject(1, LocalDate.class), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        Map<String, List<DashboardAnswers.Count>> dimensions = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT dimension, value, sum(events)::BIGINT AS n,"
                + " sum(failures)::BIGINT FROM dashboard_daily WHERE tool = ? AND day BETWEEN ? AND ?"
                + " AND dimension <> 'total' GROUP BY dimension, value ORDER BY dimension, n DESC, value")) {
            bind(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dimensions
                            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new DashboardAnswers.Count(rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return DashboardAnswers.overview(r, byDay, dimensions);
    }

    /** One command: events and failures per day, exit codes, options used, durations, per tool version, all from the rollups. */
    ObjectNode command(DayRange r, String command) throws SQLException {
        ArrayNode days = JSON.createArrayNode();
        try (PreparedStatement ps = c.prepareStatement("SELECT day, events, failures, machines FROM dashboard_daily"
                + " WHERE tool = ? AND day BETWEEN ? AND ? AND dimension = 'command' AND value = ? ORDER BY day")) {
            bind(ps, r);
            ps.setString(4, command);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.addObject()
                            .put("day", rs.getObject(1, LocalDate.class).toString())
                            .put("events", rs.getLong(2))
                            .put("failures", rs.getLong(3))
                            .put("machines", rs.getLong(4));
                }
            }
        }
        CommandDetail detail = new CommandDetail();
        CommandRollup.read(c, r, command, detail);
        return detail.answer(r, command, days);
    }

    /** Active machines per day and value of a dimension, from the rollup. */
    ObjectNode adoption(DayRange r, String dimension) throws SQLException {
        List<DashboardAnswers.DayValue> perValue = new ArrayList<>();
        Map<LocalDate, Long> totals = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT day, dimension, value, machines FROM dashboard_daily"
                + " WHERE tool = ? AND day BETWEEN ? AND ? AND dimension IN ('total', ?)")) {
            bind(ps, r);
            ps.setString(4, dimension);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    if (rs.getString(2).equals("total")) {
                        totals.put(day, rs.getLong(4));
                    } else {
                        perValue.add(new DashboardAnswers.DayValue(day, rs.getString(3), rs.getLong(4)));
                    }
                }
            }
        }
        Map<String, LocalDate> firstSeen = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT value, min(day) FROM dashboard_daily WHERE tool = ? AND dimension = ? GROUP BY value")) {
            ps.setString(1, r.tool());
            ps.setString(2, dimension);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    firstSeen.put(rs.getString(1), rs.getObject(2, LocalDate.class));
                }
            }
        }
        return DashboardAnswers.adoption(r, dimension, perValue, totals, firstSeen);
    }

    /**
     * Crash groups (cli.crash and cli.error): per event name, exception type, the top three frames without
     * what is in parentheses (file and line) and tool version, grouped further in {@link CrashGroups}.
     */
    ObjectNode errors(DayRange r) throws SQLException {
        String grouped =
                "SELECT event_name, coalesce(json_extract_string(properties, '$.\"exception.type\"'), 'Unknown') AS type,"
                        + " regexp_replace(array_to_string(list_slice(regexp_extract_all(coalesce(json_extract_string("
                        + "properties, '$.\"exception.stacktrace\"'), ''), '\\n\\s*at ([^\\n]+)', 1), 1, 3), chr(10)),"
                        + " '\\([^)]*\\)', '', 'g') AS frames,"
                        + " coalesce(tool_version, '') AS version, event_time, command,"
                        + " coalesce(json_extract_string(properties, '$.\"exception.stacktrace\"'), '') AS stack"
                        + " FROM events WHERE tool = ? AND event_time >= ? AND event_time < ? AND event_name IN ('cli.crash', 'cli.error')";
        List<CrashGroups.Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT event_name, type, frames, version, count(*) AS n,"
                + " strftime(min(event_time), '%Y-%m-%d %H:%M:%S'), strftime(max(event_time), '%Y-%m-%d %H:%M:%S'),"
                + " min(stack) FROM (" + grouped + ") GROUP BY ALL ORDER BY n DESC LIMIT 5000")) {
            bindRaw(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CrashGroups.Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)));
                }
            }
        }
        List<CrashGroups.CommandRow> commands = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT event_name, type, frames, coalesce(command, '')"
                + " FROM (" + grouped + ") LIMIT 20000")) {
            bindRaw(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    commands.add(new CrashGroups.CommandRow(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        List<CrashGroups.DayRow> days = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT event_name, type, frames, event_time::DATE AS day, count(*)" + " FROM ("
                        + grouped + ") GROUP BY event_name, type, frames, day ORDER BY day LIMIT 50000")) {
            bindRaw(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(new CrashGroups.DayRow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, LocalDate.class),
                            rs.getLong(5)));
                }
            }
        }
        return DashboardAnswers.errors(r, rows, commands, days);
    }

    private static void bind(PreparedStatement ps, DayRange r) throws SQLException {
        ps.setString(1, r.tool());
        ps.setObject(2, r.from());
        ps.setObject(3, r.to());
    }

    private static void bindRaw(PreparedStatement ps, DayRange r) throws SQLException {
        ps.setString(1, r.tool());
        ps.setObject(2, r.fromTime());
        ps.setObject(3, r.toTimeExclusive());
    }
}
