package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.dashboard.DashboardAnswers;
import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.dashboard.DayRange;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's numbers from ClickHouse, for collectors whose sink is Kafka. ClickHouse aggregates
 * the raw events ({@code events FINAL}, so a batch a loader replayed counts once) fast enough that no
 * rollup is kept: every answer is computed when asked, and {@link #refresh} has nothing to do. The
 * JSON is assembled by {@link DashboardAnswers}, as for the embedded store, so both give the same
 * answers for the same events ({@code ClickHouseDashboardDataTest}).
 */
public final class ClickHouseDashboardData implements DashboardData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseHttp http;
    private final ClickHouseEventStore store;

    ClickHouseDashboardData(ClickHouseHttp http, ClickHouseEventStore store) {
        this.http = http;
        this.store = store;
    }

    private List<JsonNode> rows(String sql) throws StoreException {
        String answer = http.query(sql + " FORMAT JSONEachRow");
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : answer.split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new StoreException("ClickHouse's answer is not JSONEachRow: " + e.getClass().getSimpleName(), e);
        }
        return out;
    }

    /** The rows of a tool's range: {@code FROM events FINAL WHERE ...}. */
    private static String range(DayRange r) {
        return " FROM events FINAL WHERE tool = " + ClickHouseHttp.literal(r.tool()) + " AND day >= '" + r.from()
                + "' AND day <= '" + r.to() + "'";
    }

    @Override
    public ArrayNode tools() throws StoreException {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode row : rows("SELECT tool, count() AS n, toString(min(day)) AS first, toString(max(day)) AS last"
                + " FROM events FINAL GROUP BY tool ORDER BY tool")) {
            out.addObject().put("id", row.get("tool").asText()).put("events", row.get("n").asLong())
                    .put("firstDay", row.get("first").asText()).put("lastDay", row.get("last").asText());
        }
        return out;
    }

    @Override
    public ObjectNode overview(DayRange r) throws StoreException {
        Map<LocalDate, long[]> byDay = new HashMap<>();
        for (JsonNode row : rows("SELECT toString(day) AS d, count() AS n, countIf(exit_code != 0) AS f,"
                + " uniqExact(machine_id) AS m" + range(r) + " GROUP BY day")) {
            byDay.put(LocalDate.parse(row.get("d").asText()),
                    new long[] {row.get("n").asLong(), row.get("f").asLong(), row.get("m").asLong()});
        }
        Map<String, List<DashboardAnswers.Count>> dimensions = new LinkedHashMap<>();
        for (String d : DashboardAnswers.DIMENSIONS) {
            // A command counts its runs (cli.command events); the embedded store's rollup does the same.
            String value = d.equals("command") ? "ifNull(command, '')" : d;
            String only = d.equals("command") ? " AND event_name = 'cli.command' AND ifNull(command, '') != ''" : "";
            List<DashboardAnswers.Count> counts = new ArrayList<>();
            for (JsonNode row : rows("SELECT " + value + " AS v, count() AS n, countIf(exit_code != 0) AS f" + range(r) + only
                    + " GROUP BY v ORDER BY n DESC, v")) {
                counts.add(new DashboardAnswers.Count(row.get("v").asText(), row.get("n").asLong(), row.get("f").asLong()));
            }
            if (!counts.isEmpty()) {
                dimensions.put(d, counts);
            }
        }
        return DashboardAnswers.overview(r, byDay, dimensions);
    }

    @Override
    public ObjectNode command(DayRange r, String command) throws StoreException {
        ObjectNode out = JSON.createObjectNode();
        out.put("tool", r.tool()).put("command", command).put("from", r.from().toString()).put("to", r.to().toString());
        String runs = range(r) + " AND event_name = 'cli.command' AND command = " + ClickHouseHttp.literal(command);
        ArrayNode days = out.putArray("days");
        for (JsonNode row : rows("SELECT toString(day) AS d, count() AS n, countIf(exit_code != 0) AS f,"
                + " uniqExact(machine_id) AS m" + runs + " GROUP BY day ORDER BY day")) {
            days.addObject().put("day", row.get("d").asText()).put("events", row.get("n").asLong())
                    .put("failures", row.get("f").asLong()).put("machines", row.get("m").asLong());
        }
        ArrayNode exitCodes = out.putArray("exitCodes");
        for (JsonNode row : rows("SELECT ifNull(toString(exit_code), 'none') AS v, count() AS n" + runs
                + " GROUP BY v ORDER BY n DESC, v LIMIT 20")) {
            exitCodes.addObject().put("exitCode", row.get("v").asText()).put("runs", row.get("n").asLong());
        }
        Map<String, Long> options = new LinkedHashMap<>();
        for (JsonNode row : rows("SELECT visitParamExtractRaw(properties, 'command.options') AS o, count() AS n" + runs
                + " GROUP BY o")) {
            options.merge(row.get("o").asText().isEmpty() ? "[]" : row.get("o").asText(), row.get("n").asLong(), Long::sum);
        }
        out.set("options", DashboardAnswers.options(options));
        out.put("runs", rows("SELECT count() AS n" + runs).get(0).get("n").asLong());
        List<long[]> durations = new ArrayList<>();
        for (JsonNode row : rows("SELECT duration_ms AS v, count() AS n" + runs
                + " AND isNotNull(duration_ms) GROUP BY duration_ms ORDER BY duration_ms")) {
            durations.add(new long[] {row.get("v").asLong(), row.get("n").asLong()});
        }
        out.set("durationMs", DashboardAnswers.durations(durations));
        return out;
    }

    @Override
    public ObjectNode errors(DayRange r) throws StoreException {
        String grouped = "SELECT event_name, if(visitParamHas(properties, 'exception.type'),"
                + " visitParamExtractString(properties, 'exception.type'), 'Unknown') AS type,"
                + " extract(visitParamExtractString(properties, 'exception.stacktrace'), '\\\\n\\\\s*at ([^\\\\n]+)') AS frame,"
                + " event_time_us, day, command, visitParamExtractString(properties, 'exception.stacktrace') AS stack"
                + range(r) + " AND event_name IN ('cli.crash', 'cli.error')";
        List<DashboardAnswers.CrashGroup> groups = new ArrayList<>();
        for (JsonNode row : rows("SELECT event_name, type, frame, count() AS n,"
                + " toString(toDateTime(intDiv(min(event_time_us), 1000000), 'UTC')) AS first,"
                + " toString(toDateTime(intDiv(max(event_time_us), 1000000), 'UTC')) AS last, min(stack) AS sample,"
                + " uniqExact(command) AS commands FROM (" + grouped + ") GROUP BY event_name, type, frame"
                + " ORDER BY n DESC, type, frame, event_name LIMIT 50")) {
            groups.add(new DashboardAnswers.CrashGroup(row.get("event_name").asText(), row.get("type").asText(),
                    row.get("frame").asText(), row.get("n").asLong(), row.get("first").asText(), row.get("last").asText(),
                    row.get("sample").asText(), row.get("commands").asLong()));
        }
        List<DashboardAnswers.CrashDay> days = new ArrayList<>();
        for (JsonNode row : rows("SELECT event_name, type, frame, toString(day) AS d, count() AS n FROM (" + grouped + ")"
                + " GROUP BY event_name, type, frame, day ORDER BY day")) {
            days.add(new DashboardAnswers.CrashDay(row.get("event_name").asText(), row.get("type").asText(),
                    row.get("frame").asText(), LocalDate.parse(row.get("d").asText()), row.get("n").asLong()));
        }
        return DashboardAnswers.errors(r, groups, days);
    }

    /** Nothing is pre-computed: every answer reads the raw events. */
    @Override
    public int refresh() {
        return 0;
    }

    @Override
    public PublishReport publish(String tool, Quarter quarter, int k, Path outDir) throws IOException, StoreException {
        store.compactUsage(); // the aggregate from the raw events as they are now, as the embedded store keeps it
        return new QuarterlyPublisher(store.usageSource()).publish(tool, quarter, k, outDir, QuarterlyPublisher.Progress.NONE);
    }
}
