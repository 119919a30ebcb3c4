package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.SchemaVersion;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.StoredEventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The store on a ClickHouse server, over its HTTP interface; the tables are in {@code schema.sql}
 * beside this class. Differences from the embedded store, all documented in docs/OPERATIONS.md:
 * <ul>
 * <li>An event id stored twice is one event: ReplacingMergeTree folds duplicates, and every read
 * says {@code FINAL}. So a loader may replay a batch without double counting.</li>
 * <li>{@link #insert} writes raw events only; the daily aggregate is computed from them by
 * {@link #compactUsage} and {@link #rebuildUsage} (and by {@link #deleteRawBefore} for the days it
 * deletes), never incrementally, since an increment could not tell a replay from new events.</li>
 * <li>Deletes are ClickHouse mutations, which run in the background: this class waits for them.</li>
 * </ul>
 * Several processes may use one database at once (loaders insert, an operator publishes).
 */
public final class ClickHouseEventStore implements EventStore {
    private static final String FINAL_EVENTS = " FROM events FINAL";
    private static final Duration MUTATION_WAIT = Duration.ofMinutes(10);

    private final ClickHouseHttp http;
    private final String database;

    private ClickHouseEventStore(ClickHouseHttp http, String database) {
        this.http = http;
        this.database = database;
    }

    /**
     * Connects to the server at {@code url} ({@code http://host:8123}) and creates the database and
     * its tables when they are missing.
     */
    public static ClickHouseEventStore open(URI url, String database) throws StoreException {
        return open(url, database, SchemaVersion.CURRENT, SchemaVersion.MIGRATIONS);
    }

    /**
     * As {@link #open(URI, String)}, with the schema's version and steps given (tests). ClickHouse has no
     * transactions: a step's statements must be safe to run again (IF NOT EXISTS), and its version is
     * recorded after them.
     */
    static ClickHouseEventStore open(URI url, String database, int schemaVersion, List<SchemaVersion.Migration> steps)
            throws StoreException {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new StoreException(
                    "clickhouse-database: '" + database + "' is not a plain name (letters, digits, _)");
        }
        ClickHouseHttp http = new ClickHouseHttp(url, database);
        http.queryWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + database);
        boolean existed =
                http.query("EXISTS TABLE events FORMAT TabSeparated").strip().equals("1");
        boolean commandsRolledUp = http.query("EXISTS TABLE dashboard_command_daily FORMAT TabSeparated")
                .strip()
                .equals("1");
        for (String statement : schema()) {
            http.query(statement);
        }
        if (existed && !commandsRolledUp) {
            ClickHouseDashboardRollup.markAllChanged(http);
        }
        http.query("CREATE TABLE IF NOT EXISTS candor_schema (version UInt32, applied DateTime, candor_version String)"
                + " ENGINE = MergeTree() ORDER BY version");
        SchemaVersion.Store versioned = new SchemaVersion.Store() {
            @Override
            public java.util.OptionalInt recorded() throws StoreException {
                String text = http.query("SELECT count(), max(version) FROM candor_schema FORMAT TabSeparated")
                        .strip();
                String[] parts = text.split("\t");
                return parts[0].equals("0")
                        ? java.util.OptionalInt.empty()
                        : java.util.OptionalInt.of(Integer.parseInt(parts[1]));
            }

            @Override
            public void apply(SchemaVersion.Migration step, int to) throws StoreException {
                for (String sql : step.statements()) {
                    http.query(sql);
                }
                record(to);
            }

            @Override
            public void record(int version) throws StoreException {
                http.query("INSERT INTO candor_schema VALUES (" + version + ", now(), '"
                        + SchemaVersion.writtenBy().replaceAll("[^A-Za-z0-9._-]", "") + "')");
            }
        };
        for (String step : SchemaVersion.migrate(versioned, existed ? 1 : schemaVersion, schemaVersion, steps)) {
            org.slf4j.LoggerFactory.getLogger(ClickHouseEventStore.class).info("clickhouse schema migrated {}", step);
        }
        return new ClickHouseEventStore(http, database);
    }

    static List<String> schema() {
        String text;
        try (InputStream in = ClickHouseEventStore.class.getResourceAsStream("schema.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("clickhouse/schema.sql is missing from the collector jar", e);
        }
        List<String> statements = new ArrayList<>();
        for (String paragraph : text.split("\n\\s*\n")) {
            StringBuilder sql = new StringBuilder();
            for (String line : paragraph.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            if (!sql.toString().isBlank()) {
                statements.add(sql.toString());
            }
        }
        return statements;
    }

    /** The dashboard's reader of this store. */
    public ClickHouseDashboardData dashboardData() {
        return new ClickHouseDashboardData(http, this);
    }

    /** The aggregate's reader for publishing. */
    public ClickHouseUsageSource usageSource() {
        return new ClickHouseUsageSource(http, this);
    }

    @Override
    public int insert(List<StoredEvent> events) throws StoreException {
        Map<UUID, StoredEvent> unique = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            unique.putIfAbsent(e.eventId(), e);
        }
        if (unique.isEmpty()) {
            return 0;
        }
        Set<UUID> stored = alreadyStored(unique.values());
        ByteArrayOutputStream rows = new ByteArrayOutputStream(unique.size() * 400);
        try {
            for (StoredEvent e : unique.values()) {
                StoredEventJson.write(e, rows);
                rows.write('\n');
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        // Every row goes in, the stored ones too: a duplicate costs a merge, a lost row would cost an event.
        http.insertJsonRows("events", rows.toByteArray());
        return unique.size() - stored.size();
    }

    /** Ids already in the table, looked up by (tool, day, id), the prefix of its sorting key. */
    private Set<UUID> alreadyStored(Iterable<StoredEvent> events) throws StoreException {
        Set<String> tools = new TreeSet<>();
        Set<LocalDate> days = new TreeSet<>();
        StringBuilder ids = new StringBuilder();
        for (StoredEvent e : events) {
            tools.add(ClickHouseHttp.literal(e.tool()));
            days.add(StoredEventJson.day(e.eventTimeMicros()));
            ids.append(e.eventId()).append('\n');
        }
        StringBuilder dayList = new StringBuilder();
        for (LocalDate d : days) {
            dayList.append(dayList.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(d)
                    .append('\'');
        }
        String answer = http.queryWithTable(
                "SELECT DISTINCT toString(event_id) FROM events WHERE tool IN ("
                        + String.join(", ", tools) + ") AND day IN (" + dayList
                        + ") AND event_id IN (SELECT id FROM batch_ids)"
                        + " FORMAT TabSeparated",
                "batch_ids",
                "id UUID",
                ids.toString().getBytes(StandardCharsets.US_ASCII));
        Set<UUID> found = new HashSet<>();
        for (String line : answer.split("\n")) {
            if (!line.isEmpty()) {
                found.add(UUID.fromString(line));
            }
        }
        return found;
    }

    /** A table owner's part of every erasure. */
    @FunctionalInterface
    public interface ErasureHook {
        void erase(String tool, String machineId) throws StoreException;
    }

    private final List<ErasureHook> erasureHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Registers what an erasure must also do to a table a reader keeps here (the dashboard's rollup):
     * it runs after the machine's events are deleted and before its rows of the daily aggregate are.
     */
    public void onErase(ErasureHook hook) {
        erasureHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
    }

    @Override
    public long forget(String tool, String machineId) throws StoreException {
        // ifNull: a mutation keeps the rows where its condition is false, and in ClickHouse 18.16 a NULL condition (an
        // event without a machine id) is not false, so `machine_id = '...'` alone erased every event without one.
        String where = " WHERE tool = " + ClickHouseHttp.literal(tool) + " AND ifNull(machine_id, '') = "
                + ClickHouseHttp.literal(machineId);
        long n = number("SELECT uniqExact(event_id) FROM events" + where); // each event once, without FINAL's cost
        mutate("ALTER TABLE events DELETE" + where);
        for (ErasureHook hook : erasureHooks) {
            hook.erase(tool, machineId);
        }
        // The aggregate goes too: a machine that asked to be forgotten is not counted anywhere.
        mutate("ALTER TABLE daily_usage DELETE" + where);
        return n;
    }

    @Override
    public long compactUsage() throws StoreException {
        String first = http.query("SELECT toString(min(day)), count()" + FINAL_EVENTS + " FORMAT TabSeparated")
                .strip();
        if (first.endsWith("\t0")) {
            return usageRows();
        }
        return rebuildUsage(LocalDate.parse(first.substring(0, first.indexOf('\t'))));
    }

    @Override
    public long rebuildUsage(LocalDate from) throws StoreException {
        refreshUsage("day >= '" + from + "'");
        return usageRows();
    }

    /** Inserts the aggregate of the raw events matching {@code where} as complete rows, replacing older ones. */
    private void refreshUsage(String where) throws StoreException {
        long version = System.currentTimeMillis() * 1000 + System.nanoTime() % 1000;
        http.query("INSERT INTO daily_usage SELECT tool, day, event_name, ifNull(command, ''), geography, os_family,"
                + " runtime_id, os_version, tool_version, ifNull(machine_id, ''), count(), countIf(ifNull(exit_code, 0) != 0), "
                + Long.toUnsignedString(version) + FINAL_EVENTS + " WHERE " + where
                + " GROUP BY tool, day, event_name, ifNull(command, ''), geography, os_family, runtime_id, os_version,"
                + " tool_version, ifNull(machine_id, '')");
    }

    private long usageRows() throws StoreException {
        return number("SELECT count() FROM daily_usage FINAL");
    }

    @Override
    public long deleteRawBefore(LocalDate cutoff, boolean dryRun) throws StoreException {
        String where = "day < '" + cutoff + "'";
        long n = number("SELECT count()" + FINAL_EVENTS + " WHERE " + where);
        if (!dryRun && n > 0) {
            // The aggregate must hold these days before their raw events go: it is not kept incrementally.
            refreshUsage(where);
            mutate("ALTER TABLE events DELETE WHERE " + where);
        }
        return n;
    }

    @Override
    public long count() throws StoreException {
        return number("SELECT count()" + FINAL_EVENTS);
    }

    private long number(String sql) throws StoreException {
        String answer = http.query(sql + " FORMAT TabSeparated").strip();
        try {
            return Long.parseLong(answer);
        } catch (NumberFormatException e) {
            throw new StoreException("ClickHouse gave no number for a " + ClickHouseHttp.verb(sql));
        }
    }

    /** Runs an ALTER ... DELETE and waits until ClickHouse has applied it to every part. */
    private void mutate(String alter) throws StoreException {
        http.query(alter);
        long deadline = System.nanoTime() + MUTATION_WAIT.toNanos();
        long pause = 10;
        String pending = "SELECT count() FROM system.mutations WHERE database = " + ClickHouseHttp.literal(database)
                + " AND is_done = 0";
        while (number(pending) > 0) {
            if (System.nanoTime() > deadline) {
                // The statement itself names the machine's hashed id: it stays out of the message.
                throw new StoreException("ClickHouse did not finish a delete within " + MUTATION_WAIT.toMinutes()
                        + " minutes; it goes on in the background (system.mutations)");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while ClickHouse applies a delete", e);
            }
            pause = Math.min(500, pause * 2);
        }
    }

    /** Rows of a query as JSON objects, for readers in this package. */
    static List<JsonNode> rows(ClickHouseHttp http, String sql) throws StoreException {
        return http.rows(sql);
    }

    ClickHouseHttp http() {
        return http;
    }

    @Override
    public void close() {
        // HTTP: no connection to give back beyond the client's pool, which the JVM closes.
    }
}
