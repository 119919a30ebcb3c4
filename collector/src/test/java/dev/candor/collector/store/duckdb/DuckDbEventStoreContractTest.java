package dev.candor.collector.store.duckdb;

import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.EventStoreContract;
import dev.candor.collector.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class DuckDbEventStoreContractTest extends EventStoreContract {
    @Override
    protected EventStore openEmptyStore() throws Exception {
        return DuckDbEventStore.open(dir.resolve("store"));
    }

    @Override
    protected UsageSource usageSource(EventStore store) {
        return (tool, quarter, k, large, small) -> {
            try (Connection c = ((DuckDbEventStore) store).newReader()) {
                new DuckDbUsageSource(c).read(tool, quarter, k, large, small);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        };
    }

    @Override
    protected long dailyUsage(EventStore store, String expression, String where) throws Exception {
        try (Connection c = ((DuckDbEventStore) store).newReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(" + expression + ", 0) FROM daily_usage"
                        + (where.isEmpty() ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
