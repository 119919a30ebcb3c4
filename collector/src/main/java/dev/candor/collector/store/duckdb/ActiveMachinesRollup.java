package dev.candor.collector.store.duckdb;

import dev.candor.collector.dashboard.ActiveMachines;
import dev.candor.collector.dashboard.DayRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The Active machines page's rollup. {@code active_machine_days} holds one row per tool, day and
 * active machine (the machine as a 64-bit hash of its id: a collision, below one in a billion at a
 * million machines, would count two machines as one); {@code active_machines} holds what the page
 * reads, per grain (day, ISO week, month), period and the period the machine was first seen, the
 * distinct machines ({@link ActiveMachines#EARLIER} for any earlier period but of weeks, which the
 * retention grid needs each of): a few thousand rows where the raw events have millions.
 *
 * <p>Both are brought up to date in the transaction of {@link DashboardRollup#refreshBatch}, for the
 * days it recomputes: those days' machines are taken again from {@code daily_usage}, then the periods
 * from the earliest such day on are recomputed (a machine's first day can only move within them).
 * An erasure deletes the machine's rows at once ({@link #forgetMachine}) and {@link
 * DashboardRollup#forgetMachine} marks its days, so its periods are recomputed at the next refresh.
 */
final class ActiveMachinesRollup {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS active_machine_days (tool VARCHAR NOT NULL, day DATE NOT NULL, machine UBIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS active_machines (
                tool VARCHAR NOT NULL, grain VARCHAR NOT NULL, period DATE NOT NULL, first_period DATE NOT NULL,
                machines BIGINT NOT NULL);
            """;

    private ActiveMachinesRollup() {}

    /**
     * Creates the tables if they are not there yet. A
     * store rolled up before them forgets which days its rollup holds, so that the next refreshes
     * compute every day again, this rollup's part included.
     */
    static void createTables(Connection c) throws SQLException {
        boolean upgrade = !hasTable(c, "active_machines") && hasTable(c, "dashboard_days");
        try (Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            if (upgrade) {
                s.execute("DELETE FROM dashboard_days");
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** The start of the period of {@code grain} (a column) that holds {@code day} (an expression), as SQL. */
    private static String periodOf(String grain, String day) {
        return "CASE " + grain + " WHEN 'day' THEN " + day + " WHEN 'week' THEN date_trunc('week', " + day
                + ")::DATE ELSE date_trunc('month', " + day + ")::DATE END";
    }

    /**
     * Brings both tables up to date for the days in {@code dashboard_changed} (the caller's temp
     * table, in the caller's transaction).
     */
    static void refreshChangedDays(Statement s) throws SQLException {
        s.execute("DELETE FROM active_machine_days USING dashboard_changed c"
                + " WHERE active_machine_days.tool = c.tool AND active_machine_days.day = c.day");
        s.execute("INSERT INTO active_machine_days SELECT DISTINCT u.tool, u.day, hash(u.machine_id) FROM daily_usage u"
                + " JOIN dashboard_changed c ON u.tool = c.tool AND u.day = c.day"
                + " WHERE u.machine_id IS NOT NULL AND u.machine_id <> ''");
        s.execute("CREATE OR REPLACE TEMP TABLE active_since AS SELECT tool, grain, " + periodOf("grain", "min(day)")
                + " AS since FROM dashboard_changed CROSS JOIN (VALUES ('day'), ('week'), ('month')) g(grain)"
                + " GROUP BY tool, grain");
        s.execute("DELETE FROM active_machines USING active_since x WHERE active_machines.tool = x.tool"
                + " AND active_machines.grain = x.grain AND active_machines.period >= x.since");
        s.execute("INSERT INTO active_machines SELECT a.tool, x.grain, " + periodOf("x.grain", "a.day") + " AS period,"
                + " CASE WHEN x.grain = 'week' OR " + periodOf("x.grain", "f.first_day") + " = period THEN "
                + periodOf("x.grain", "f.first_day") + " ELSE DATE '" + ActiveMachines.EARLIER
                + "' END AS first_period, count(DISTINCT a.machine)"
                + " FROM active_machine_days a JOIN active_since x ON a.tool = x.tool"
                + " JOIN (SELECT tool, machine, min(day) AS first_day FROM active_machine_days"
                + " WHERE tool IN (SELECT tool FROM active_since) GROUP BY tool, machine) f"
                + " ON a.tool = f.tool AND a.machine = f.machine"
                + " WHERE a.day >= x.since GROUP BY ALL");
        s.execute("DROP TABLE active_since");
    }

    /**
     * An erasure's part here ({@link DuckDbEventStore#onErase}): the machine leaves the rollup in the
     * erasure's transaction. Nothing to do before the dashboard made its tables.
     */
    static void forgetMachine(Connection c, String tool, String machineId) throws SQLException {
        if (!hasTable(c, "active_machine_days")) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM active_machine_days WHERE tool = ? AND machine = hash(?)")) {
            ps.setString(1, tool);
            ps.setString(2, machineId);
            ps.executeUpdate();
        }
    }

    /** The rollup's rows the page needs for the range ({@link ActiveMachines#answer}). */
    static List<ActiveMachines.Row> read(Connection c, DayRange r) throws SQLException {
        List<ActiveMachines.Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT grain, period, first_period, machines"
                + " FROM active_machines WHERE tool = ? AND period BETWEEN ? AND ?")) {
            ps.setString(1, r.tool());
            ps.setObject(2, ActiveMachines.readFrom(r));
            ps.setObject(3, r.to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ActiveMachines.Row(
                            rs.getString(1),
                            rs.getObject(2, LocalDate.class),
                            rs.getObject(3, LocalDate.class),
                            rs.getLong(4)));
                }
            }
        }
        return rows;
    }
}
