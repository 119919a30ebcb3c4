package dev.candor.collector.store.duckdb;

import dev.candor.collector.dashboard.CommandDetail;
import dev.candor.collector.dashboard.DayRange;
import dev.candor.collector.dashboard.DurationHistogram;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * The Commands page's pre-computed numbers: {@code dashboard_command_daily} holds, per tool, day and
 * command, the runs ({@code cli.command} events) per tool version and exit code, per tool version
 * and duration bucket ({@link DurationHistogram}, with the bucket's largest duration), and per stored
 * options array ({@link CommandDetail} names the kinds). It is recomputed from the raw events of the
 * days {@link DashboardRollup} recomputes, in the same transaction, so a day's two rollups always
 * agree. It covers the raw events kept, as the page did when it read them: retention deletes the rows
 * of the days it emptied ({@link #forgetBefore}).
 */
final class CommandRollup {
    private static final String TABLE = "dashboard_command_daily";

    private CommandRollup() {}

    /**
     * Creates the table. A store whose Overview rollup predates it gets every day marked as changed,
     * so that the next refreshes compute the commands' rows of every day too.
     */
    static void createTable(Statement s) throws SQLException {
        boolean existed;
        try (ResultSet rs =
                s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + TABLE + "'")) {
            rs.next();
            existed = rs.getLong(1) > 0;
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (tool VARCHAR NOT NULL, day DATE NOT NULL,"
                + " command VARCHAR NOT NULL, tool_version VARCHAR NOT NULL, kind VARCHAR NOT NULL,"
                + " value VARCHAR NOT NULL, runs BIGINT NOT NULL, max_ms BIGINT NOT NULL)");
        if (!existed) {
            s.execute("UPDATE dashboard_days SET failures = -1"); // no day's sums are negative
        }
    }

    /**
     * Replaces the rows of the days in {@code dashboard_changed} (all between {@code first} and {@code
     * last}) by those of their raw runs: one pass over the runs into a temporary grouping, then a row
     * per kind.
     */
    static void recompute(Connection c, LocalDate first, LocalDate last) throws SQLException {
        try (Statement s = c.createStatement();
                PreparedStatement runs = c.prepareStatement(
                        "CREATE OR REPLACE TEMP TABLE dashboard_command_runs AS SELECT e.tool, c.day, e.command,"
                                + " coalesce(e.tool_version, '') AS tool_version,"
                                + " coalesce(CAST(e.exit_code AS VARCHAR), 'none') AS exit_code,"
                                + " coalesce(CAST(json_extract(e.properties, '$.\"command.options\"') AS VARCHAR), '[]')"
                                + " AS options, " + bucketSql("e.duration_ms") + " AS bucket, count(*) AS runs,"
                                + " max(e.duration_ms) AS max_ms"
                                + " FROM events e JOIN dashboard_changed c ON e.tool = c.tool AND e.event_time::DATE = c.day"
                                // the range lets DuckDB skip the other days' row groups before the join
                                + " WHERE e.event_time >= ? AND e.event_time < ? AND e.event_name = 'cli.command'"
                                + " AND e.command IS NOT NULL GROUP BY ALL")) {
            s.execute("DELETE FROM " + TABLE + " USING dashboard_changed c WHERE " + TABLE + ".tool = c.tool AND "
                    + TABLE + ".day = c.day");
            runs.setObject(1, first.atStartOfDay());
            runs.setObject(2, last.plusDays(1).atStartOfDay());
            runs.execute();
            s.execute("INSERT INTO " + TABLE + " SELECT tool, day, command, tool_version, '" + CommandDetail.EXIT_CODE
                    + "', exit_code, sum(runs), 0 FROM dashboard_command_runs GROUP BY ALL");
            s.execute("INSERT INTO " + TABLE + " SELECT tool, day, command, tool_version, '" + CommandDetail.DURATION
                    + "', CAST(bucket AS VARCHAR), sum(runs), max(max_ms) FROM dashboard_command_runs"
                    + " WHERE bucket IS NOT NULL GROUP BY tool, day, command, tool_version, bucket");
            s.execute("INSERT INTO " + TABLE + " SELECT tool, day, command, '', '" + CommandDetail.OPTIONS
                    + "', options, sum(runs), 0 FROM dashboard_command_runs GROUP BY tool, day, command, options");
            s.execute("DROP TABLE dashboard_command_runs");
        }
    }

    /**
     * The {@link DurationHistogram} bucket of the integer expression {@code ms} (NULL for NULL). A
     * duration below {@value DurationHistogram#EXACT} is not shifted: DuckDB refuses to shift a negative number.
     */
    static String bucketSql(String ms) {
        String shift = DurationHistogram.shiftSql(ms, "(%s >= %d)::INT");
        return "CASE WHEN " + ms + " < " + DurationHistogram.EXACT + " THEN " + ms + " ELSE (" + ms + " >> " + shift
                + ") << " + shift + " END";
    }

    /**
     * Retention's part here ({@link DuckDbEventStore#onRetention}): the days before {@code cutoff} have
     * no raw events left, so they have no runs to show. Nothing to do before the dashboard made its tables.
     */
    static void forgetBefore(Connection c, LocalDate cutoff) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + TABLE + "'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE day < ?")) {
            ps.setObject(1, cutoff);
            ps.executeUpdate();
        }
    }

    /** The command's rows of the range, summed by kind, tool version and value, into {@code detail}. */
    static void read(Connection c, DayRange r, String command, CommandDetail detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, tool_version, value, sum(runs)::BIGINT,"
                + " max(max_ms) FROM " + TABLE + " WHERE tool = ? AND day BETWEEN ? AND ? AND command = ?"
                + " GROUP BY kind, tool_version, value")) {
            ps.setString(1, r.tool());
            ps.setObject(2, r.from());
            ps.setObject(3, r.to());
            ps.setString(4, command);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    detail.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
                }
            }
        }
    }
}
