package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.UsageRow;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.StoreException;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * The daily aggregate in ClickHouse as publishing reads it: the same groups and distinct machines as
 * the embedded store's {@code daily_combinations}, with '' read back as "no machine".
 */
public final class ClickHouseUsageSource implements UsageSource {
    private static final String DIMS = "day, command, geography, os_family, runtime_id, os_version, tool_version";
    private static final String MACHINES = "uniqExactIf(machine_id, machine_id != '')";

    private final ClickHouseHttp http;
    private final ClickHouseEventStore store;

    ClickHouseUsageSource(ClickHouseHttp http, ClickHouseEventStore store) {
        this.http = http;
        this.store = store;
    }

    /** The quarter's aggregate recomputed from its raw events as they are now (and the days after it). */
    @Override
    public void catchUp(Quarter quarter) throws StoreException {
        store.rebuildUsage(quarter.firstDay());
    }

    @Override
    public void read(String tool, Quarter quarter, int k, Consumer<UsageRow> large, SmallGroupSink small)
            throws StoreException {
        String quarterRows = " FROM daily_usage FINAL WHERE tool = " + ClickHouseHttp.literal(tool)
                + " AND event_name = 'cli.command' AND day BETWEEN '" + quarter.firstDay() + "' AND '"
                + quarter.lastDay() + "'";
        for (JsonNode r : ClickHouseEventStore.rows(
                http,
                "SELECT " + DIMS + ", sum(occurrences) AS occ" + quarterRows + " GROUP BY " + DIMS + " HAVING "
                        + MACHINES + " >= " + k)) {
            large.accept(new UsageRow(
                    LocalDate.parse(r.get("day").asText()),
                    r.get("command").asText(),
                    r.get("geography").asText(),
                    r.get("os_family").asText(),
                    r.get("runtime_id").asText(),
                    r.get("os_version").asText(),
                    r.get("tool_version").asText(),
                    r.get("occ").asLong()));
        }
        for (JsonNode r : ClickHouseEventStore.rows(
                http,
                "SELECT " + DIMS + ", machine_id, sum(occurrences) AS occ"
                        + quarterRows + " AND (" + DIMS + ") IN (SELECT " + DIMS + quarterRows + " GROUP BY " + DIMS
                        + " HAVING "
                        + MACHINES + " < " + k + ") GROUP BY " + DIMS + ", machine_id")) {
            String[] dims = {
                r.get("command").asText(),
                r.get("geography").asText(),
                r.get("os_family").asText(),
                r.get("runtime_id").asText(),
                r.get("os_version").asText(),
                r.get("tool_version").asText()
            };
            String machine = r.get("machine_id").asText();
            small.accept(
                    LocalDate.parse(r.get("day").asText()),
                    dims,
                    machine.isEmpty() ? null : machine,
                    r.get("occ").asLong());
        }
    }
}
