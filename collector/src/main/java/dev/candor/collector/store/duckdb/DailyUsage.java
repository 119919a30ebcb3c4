package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code daily_usage} aggregate: maintained incrementally from each committed batch (in the
 * same transaction, so it counts exactly the events stored), merged by {@link #compact}, and
 * rebuildable from the raw events still kept.
 */
final class DailyUsage {
    static final String KEY =
            "tool, day, event_name, command, geography, os_family, runtime_id, os_version, tool_version, machine_id";

    private DailyUsage() {}

    private record Key(
            String tool,
            int epochDay,
            String eventName,
            String command,
            String geography,
            String osFamily,
            String runtimeId,
            String osVersion,
            String toolVersion,
            String machineId) {}

    /** Appends the partial rows of newly stored events; the caller commits. */
    static void append(DuckDBConnection c, List<StoredEvent> stored) throws SQLException {
        if (stored.isEmpty()) {
            return;
        }
        Map<Key, long[]> partial = new HashMap<>();
        for (StoredEvent e : stored) {
            int day = (int) Math.floorDiv(e.eventTimeMicros(), TimeUnit.DAYS.toMicros(1));
            Key k = new Key(
                    e.tool(),
                    day,
                    e.eventName(),
                    e.command() == null ? "" : e.command(),
                    e.geography(),
                    e.osFamily(),
                    e.runtimeId(),
                    e.osVersion(),
                    e.toolVersion(),
                    e.machineId());
            long[] counts = partial.computeIfAbsent(k, x -> new long[2]);
            counts[0]++;
            if (e.exitCode() != null && e.exitCode() != 0) {
                counts[1]++;
            }
        }
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "daily_usage")) {
            for (Map.Entry<Key, long[]> en : partial.entrySet()) {
                Key k = en.getKey();
                a.beginRow();
                a.append(k.tool());
                a.append(LocalDate.ofEpochDay(k.epochDay()));
                a.append(k.eventName());
                a.append(k.command());
                a.append(k.geography());
                a.append(k.osFamily());
                a.append(k.runtimeId());
                a.append(k.osVersion());
                a.append(k.toolVersion());
                a.append(k.machineId());
                a.append(en.getValue()[0]);
                a.append(en.getValue()[1]);
                a.endRow();
            }
        }
    }

    /** Merges partial rows of the same key into one; returns the row count after. */
    static long compact(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE OR REPLACE TEMP TABLE usage_merged AS SELECT " + KEY
                            + ", sum(occurrences)::BIGINT AS occurrences, sum(failures)::BIGINT AS failures FROM daily_usage GROUP BY ALL");
            s.execute("DELETE FROM daily_usage");
            s.execute("INSERT INTO daily_usage SELECT * FROM usage_merged ORDER BY tool, day");
            s.execute("DROP TABLE usage_merged");
            return rows(s);
        }
    }

    /**
     * Recomputes the aggregate of the days from {@code from} on out of the raw events. Earlier days,
     * whose raw events retention deleted, keep their aggregate. Returns the row count after.
     */
    static long rebuild(Connection c, LocalDate from) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM daily_usage WHERE day >= ?");
                PreparedStatement ins = c.prepareStatement("INSERT INTO daily_usage SELECT tool, event_time::DATE,"
                        + " event_name, coalesce(command, ''), geography, os_family, runtime_id, os_version, tool_version,"
                        + " machine_id, count(*), count(*) FILTER (WHERE exit_code <> 0) FROM events"
                        + " WHERE event_time >= ? GROUP BY ALL");
                Statement s = c.createStatement()) {
            del.setObject(1, from);
            del.execute();
            ins.setObject(1, from.atStartOfDay());
            ins.execute();
            return rows(s);
        }
    }

    private static long rows(Statement s) throws SQLException {
        try (var rs = s.executeQuery("SELECT count(*) FROM daily_usage")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
