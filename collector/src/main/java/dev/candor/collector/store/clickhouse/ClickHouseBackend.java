package dev.candor.collector.store.clickhouse;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.HeldData;

/**
 * ClickHouse as a {@link Backend}: stateless collectors produce to Kafka, loaders write here, and the
 * dashboard and publishing read here over HTTP.
 */
public final class ClickHouseBackend implements Backend {
    private final ClickHouseEventStore store;
    private ClickHouseDashboardData dashboard;

    /** Wraps an open store; from now on its erasures also reach the dashboard's rollup. */
    public ClickHouseBackend(ClickHouseEventStore store) {
        this.store = store;
        store.onErase((tool, machineId) -> ClickHouseDashboardRollup.markErased(store.http(), tool, machineId));
        store.onErase((tool, machineId) -> ClickHouseActiveMachines.forgetMachine(store.http(), tool, machineId));
    }

    @Override
    public ClickHouseEventStore events() {
        return store;
    }

    /** Brings the quarter's aggregate up to date from the raw events before it is read. */
    @Override
    public UsageSource usage() {
        return store.usageSource();
    }

    @Override
    public synchronized DashboardData dashboard() {
        if (dashboard == null) {
            dashboard = store.dashboardData();
        }
        return dashboard;
    }

    @Override
    public HeldData.Source held() {
        return new ClickHouseHeldData(store.http());
    }

    @Override
    public void close() {
        store.close();
    }
}
