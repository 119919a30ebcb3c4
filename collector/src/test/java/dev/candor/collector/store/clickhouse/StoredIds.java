package dev.candor.collector.store.clickhouse;

import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/** How many of some event ids a ClickHouse store holds, for tests that wait for the loaders. */
public final class StoredIds {
    private StoredIds() {}

    public static long count(ClickHouseEventStore store, Collection<UUID> ids) throws Exception {
        if (ids.isEmpty()) {
            return 0;
        }
        String list = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
        return ClickHouseEventStore.rows(
                        store.http(), "SELECT uniqExact(event_id) AS n FROM events WHERE event_id IN (" + list + ")")
                .get(0)
                .path("n")
                .asLong();
    }
}
