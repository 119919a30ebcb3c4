package dev.candor.collector.store.duckdb;

import dev.candor.collector.dashboard.DashboardAnswers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * The Overview's pre-computed numbers: {@code dashboard_daily} holds, per tool and day, the events,
 * failures and distinct machines in total and per value of each dimension the Overview breaks down
 * by. It is computed from {@code daily_usage}, so it has a few thousand rows where the raw events have
 * millions. {@code dashboard_days} remembers each day's sums of {@code daily_usage} when it was last
 * computed; {@link #refresh} recomputes exactly the days whose sums changed since (new events,
 * erasure), all in one transaction, so readers never see half a day. The same transaction recomputes
 * those days' rows of the Commands page's rollup ({@link CommandRollup}).
 */
final class DashboardRollup {

    static final int DAYS_PER_BATCH = 16;

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS dashboard_daily (
                tool VARCHAR NOT NULL, day DATE NOT NULL, dimension VARCHAR NOT NULL, value VARCHAR NOT NULL,
                events BIGINT NOT NULL, failures BIGINT NOT NULL, machines BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS dashboard_days (
                tool VARCHAR NOT NULL, day DATE NOT NULL, occurrences BIGINT NOT NULL, failures BIGINT NOT NULL);
            """;

    private DashboardRollup() {}

    static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            CommandRollup.createTable(s);
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /**
     * An erasure's part here ({@link DuckDbEventStore#onErase}): the days the machine had events on are
     * marked as changed, so they are recomputed even if new events restore their sums before the next
     * refresh. Nothing to do before the dashboard made its tables.
     */
    static void forgetMachine(Connection c, String tool, String machineId) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dashboard_days'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return;
            }
        }
        try (PreparedStatement days = c.prepareStatement("DELETE FROM dashboard_days WHERE tool = ? AND day IN"
                + " (SELECT day FROM daily_usage WHERE tool = ? AND machine_id = ?)")) {
            days.setString(1, tool);
            days.setString(2, tool);
            days.setString(3, machineId);
            days.executeUpdate();
        }
    }

    /**
     * Recomputes the days whose {@code daily_usage} changed, the latest first, {@link #DAYS_PER_BATCH}
     * days per transaction (so a first rollup over a large store shows its recent days early and holds
     * less in memory); returns how many days were recomputed.
     */
    static int refresh(Connection c) throws SQLException {
        int total = 0;
        int n;
        do {
            n = refreshBatch(c);
            total += n;
        } while (n == DAYS_PER_BATCH);
        return total;
    }

    /** Recomputes at most {@link #DAYS_PER_BATCH} changed days, the latest first, in one transaction. */
    static int refreshBatch(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE OR REPLACE TEMP TABLE dashboard_changed AS
                    SELECT coalesce(u.tool, d.tool) AS tool, coalesce(u.day, d.day) AS day, u.o, u.f
                    FROM (SELECT tool, day, sum(occurrences)::BIGINT AS o, sum(failures)::BIGINT AS f
                          FROM daily_usage GROUP BY tool, day) u
                    FULL OUTER JOIN dashboard_days d ON u.tool = d.tool AND u.day = d.day
                    WHERE u.o IS DISTINCT FROM d.occurrences OR u.f IS DISTINCT FROM d.failures
                    ORDER BY 2 DESC, 1 LIMIT %d""".formatted(DAYS_PER_BATCH));
            int changed;
            LocalDate first;
            LocalDate last;
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(day), max(day) FROM dashboard_changed")) {
                rs.next();
                changed = rs.getInt(1);
                first = rs.getObject(2, LocalDate.class);
                last = rs.getObject(3, LocalDate.class);
            }
            if (changed > 0) {
                s.execute("DELETE FROM dashboard_daily USING dashboard_changed c"
                        + " WHERE dashboard_daily.tool = c.tool AND dashboard_daily.day = c.day");
                s.execute("INSERT INTO dashboard_daily " + rollupOfChangedDays());
                CommandRollup.recompute(c, first, last);
                s.execute("DELETE FROM dashboard_days USING dashboard_changed c"
                        + " WHERE dashboard_days.tool = c.tool AND dashboard_days.day = c.day");
                s.execute(
                        "INSERT INTO dashboard_days SELECT tool, day, o, f FROM dashboard_changed WHERE o IS NOT NULL");
                ActiveMachinesRollup.refreshChangedDays(s);
            }
            s.execute("DROP TABLE dashboard_changed");
            c.commit();
            return changed;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** One pass over the changed days' rows of daily_usage with a grouping set per dimension. */
    private static String rollupOfChangedDays() {
        StringBuilder dimension = new StringBuilder("CASE");
        StringBuilder value = new StringBuilder("coalesce(");
        StringBuilder sets = new StringBuilder("(tool, day)");
        for (String d : DashboardAnswers.DIMENSIONS) {
            dimension
                    .append(" WHEN GROUPING(")
                    .append(d)
                    .append(") = 0 THEN '")
                    .append(d)
                    .append('\'');
            value.append(d).append(", ");
            sets.append(", (tool, day, ").append(d).append(')');
        }
        dimension.append(" ELSE 'total' END");
        value.append("'')");
        return "SELECT tool, day, " + dimension + ", " + value
                + ", sum(occurrences)::BIGINT, sum(failures)::BIGINT, count(DISTINCT machine_id)"
                // A command counts its runs (cli.command); a crash or an error of that command is not a run.
                + " FROM (SELECT u.* REPLACE (CASE WHEN u.event_name = 'cli.command' THEN u.command ELSE '' END AS command)"
                + " FROM daily_usage u JOIN dashboard_changed c ON u.tool = c.tool AND u.day = c.day)"
                + " GROUP BY GROUPING SETS (" + sets + ")"
                + " HAVING GROUPING(command) = 1 OR command <> ''";
    }
}
