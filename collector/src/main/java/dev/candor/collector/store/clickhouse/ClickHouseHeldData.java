package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The right of access on ClickHouse: one machine's raw events ({@code FINAL}, so a replayed batch shows
 * once) and its rows of the daily aggregate as the last refresh left them.
 */
final class ClickHouseHeldData implements HeldData.Source {
    private final ClickHouseHttp http;

    ClickHouseHeldData(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public HeldData held(String tool, String machineId, int maxEvents) throws StoreException {
        String where = " WHERE tool = " + ClickHouseHttp.literal(tool) + " AND ifNull(machine_id, '') = "
                + ClickHouseHttp.literal(machineId);
        List<JsonNode> count = http.rows("SELECT uniqExact(event_id) AS n FROM events" + where);
        long total = count.isEmpty() ? 0 : count.get(0).path("n").asLong();
        List<StoredEvent> events = new ArrayList<>();
        for (JsonNode r : http.rows("SELECT toString(event_id) AS id, tool_version, event_name, event_time_us,"
                + " received_at_us, session_id, os_family, os_version, runtime_id, geography, command, exit_code,"
                + " duration_ms, properties FROM events FINAL" + where
                + " ORDER BY event_time_us DESC, id LIMIT " + Math.max(0, maxEvents))) {
            events.add(new StoredEvent(
                    UUID.fromString(r.path("id").asText()),
                    tool,
                    r.path("tool_version").asText(),
                    r.path("event_name").asText(),
                    r.path("event_time_us").asLong(),
                    r.path("received_at_us").asLong(),
                    machineId,
                    textOrNull(r, "session_id"),
                    r.path("os_family").asText(),
                    r.path("os_version").asText(),
                    r.path("runtime_id").asText(),
                    r.path("geography").asText(),
                    textOrNull(r, "command"),
                    r.path("exit_code").isNull() ? null : r.path("exit_code").asInt(),
                    r.path("duration_ms").isNull()
                            ? null
                            : r.path("duration_ms").asLong(),
                    r.path("properties").asText()));
        }
        List<HeldData.Day> days = new ArrayList<>();
        for (JsonNode r : http.rows("SELECT toString(day) AS d, event_name, command, geography, os_family, runtime_id,"
                + " os_version, tool_version, sum(occurrences) AS n, sum(failures) AS f FROM daily_usage FINAL" + where
                + " GROUP BY d, event_name, command, geography, os_family, runtime_id, os_version, tool_version"
                + " ORDER BY d, event_name, command, geography, os_family, runtime_id, os_version, tool_version")) {
            days.add(new HeldData.Day(
                    LocalDate.parse(r.path("d").asText()),
                    r.path("event_name").asText(),
                    r.path("command").asText(),
                    r.path("geography").asText(),
                    r.path("os_family").asText(),
                    r.path("runtime_id").asText(),
                    r.path("os_version").asText(),
                    r.path("tool_version").asText(),
                    r.path("n").asLong(),
                    r.path("f").asLong()));
        }
        return new HeldData(events, Math.max(total, events.size()), days);
    }

    private static String textOrNull(JsonNode row, String field) {
        JsonNode v = row.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
