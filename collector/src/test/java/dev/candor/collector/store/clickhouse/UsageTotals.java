package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;

/** Totals of a ClickHouse store's daily aggregate, for tests of the loading path. */
public record UsageTotals(long occurrences, long failures) {
    public static UsageTotals of(ClickHouseEventStore store) throws Exception {
        JsonNode n = ClickHouseEventStore.rows(
                        store.http(), "SELECT sum(occurrences) AS o, sum(failures) AS f FROM daily_usage FINAL")
                .get(0);
        return new UsageTotals(n.get("o").asLong(), n.get("f").asLong());
    }
}
