package dev.candor.collector.store.duckdb;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded store as a {@link Backend}: one process owns the DuckDB file; its writer uses the
 * store's own connection, and every read (publishing, the dashboard) a connection of its own.
 */
public final class DuckDbBackend implements Backend {
    private final DuckDbEventStore store;
    private DuckDbDashboardData dashboard;

    /** Wraps an open store; from now on its erasures and its retention also reach the dashboard's rollups. */
    public DuckDbBackend(DuckDbEventStore store) {
        this.store = store;
        store.onErase(DashboardRollup::forgetMachine);
        store.onRetention(CommandRollup::forgetBefore);
        store.onErase(ActiveMachinesRollup::forgetMachine);
    }

    @Override
    public DuckDbEventStore events() {
        return store;
    }

    /** Each read through a reader connection of its own, closed after it. */
    @Override
    public UsageSource usage() {
        return (tool, quarter, k, large, small) -> {
            try (Connection c = store.newReader()) {
                new DuckDbUsageSource(c).read(tool, quarter, k, large, small);
            } catch (SQLException e) {
                throw new StoreException("could not open a reader of the store: " + DuckDbEventStore.firstLine(e), e);
            }
        };
    }

    /** The dashboard's reader; its tables are created in the store on first use. */
    @Override
    public synchronized DashboardData dashboard() throws StoreException {
        if (dashboard == null) {
            try {
                dashboard = DuckDbDashboardData.open(store);
            } catch (SQLException e) {
                throw new StoreException("cannot prepare the dashboard's tables: " + DuckDbEventStore.firstLine(e), e);
            }
        }
        return dashboard;
    }

    @Override
    public HeldData.Source held() {
        return new DuckDbHeldData(store);
    }

    @Override
    public void close() {
        store.close();
    }
}
