package dev.candor.collector.store.clickhouse;

import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.EventStoreContract;
import dev.candor.collector.testing.ClickHouseExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real ClickHouse server: one server for the class, a new database per test. */
class ClickHouseEventStoreContractTest extends EventStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @Override
    protected EventStore openEmptyStore() throws Exception {
        return ClickHouseEventStore.open(CLICKHOUSE.url(), "contract_" + DATABASES.incrementAndGet());
    }

    @Override
    protected UsageSource usageSource(EventStore store) {
        return ((ClickHouseEventStore) store).usageSource();
    }

    @Override
    protected long dailyUsage(EventStore store, String expression, String where) throws Exception {
        String sql = "SELECT toInt64(ifNull(" + expression.replace("count(*)", "count()")
                + ", 0)) AS n FROM daily_usage FINAL" + (where.isEmpty() ? "" : " WHERE " + where);
        return ClickHouseEventStore.rows(((ClickHouseEventStore) store).http(), sql)
                .get(0)
                .get("n")
                .asLong();
    }
}
