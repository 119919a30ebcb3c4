package dev.candor.collector.store.duckdb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.dashboard.ActiveMachines;
import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.dashboard.DashboardData.QueryFailed;
import dev.candor.collector.dashboard.DayRange;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The dashboard's numbers from the embedded store: each call reads through a connection of its own
 * (DuckDB connections are not shared between threads); the rollup is refreshed by one thread at a time.
 */
public final class DuckDbDashboardData implements DashboardData {
    private final DuckDbEventStore store;
    private final Object refreshing = new Object();

    private DuckDbDashboardData(DuckDbEventStore store) {
        this.store = store;
    }

    /** Creates the dashboard's tables in the store if they are not there yet. */
    public static DuckDbDashboardData open(DuckDbEventStore store) throws SQLException {
        try (Connection c = store.newReader()) {
            ActiveMachinesRollup.createTables(c); // first: it may find a rollup made before it
            DashboardRollup.createTables(c);
        }
        return new DuckDbDashboardData(store);
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(DashboardQueries q) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        try (Connection c = store.newReader()) {
            return read.run(new DashboardQueries(c));
        } catch (SQLException e) {
            throw new QueryFailed(e);
        }
    }

    @Override
    public ArrayNode tools() {
        return read(DashboardQueries::tools);
    }

    @Override
    public ObjectNode overview(DayRange r) {
        return read(q -> q.overview(r));
    }

    @Override
    public ObjectNode command(DayRange r, String command) {
        return read(q -> q.command(r, command));
    }

    @Override
    public ObjectNode errors(DayRange r) {
        return read(q -> q.errors(r));
    }

    @Override
    public ObjectNode adoption(DayRange r, String dimension) {
        return read(q -> q.adoption(r, dimension));
    }

    @Override
    public ObjectNode activeMachines(DayRange r) {
        try (Connection c = store.newReader()) {
            return ActiveMachines.answer(r, ActiveMachinesRollup.read(c, r));
        } catch (SQLException e) {
            throw new QueryFailed(e);
        }
    }

    @Override
    public int refresh() {
        return rollup(DashboardRollup::refresh);
    }

    /** One transaction of at most {@link DashboardRollup#DAYS_PER_BATCH} changed days. */
    @Override
    public int refreshStep() {
        return rollup(DashboardRollup::refreshBatch);
    }

    @FunctionalInterface
    private interface RollupStep {
        int run(Connection c) throws SQLException;
    }

    /** One refresh of the rollup at a time, each through a connection of its own. */
    private int rollup(RollupStep step) {
        synchronized (refreshing) {
            try (Connection c = store.newReader()) {
                return step.run(c);
            } catch (SQLException e) {
                throw new QueryFailed(e);
            }
        }
    }
}
