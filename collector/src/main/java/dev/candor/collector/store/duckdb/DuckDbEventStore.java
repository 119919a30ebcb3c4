package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.SchemaVersion;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded store: one DuckDB file, {@code candor.duckdb} in the data folder, owned by this
 * process (DuckDB locks it). Rows go in through the Appender inside one transaction per batch;
 * the commit writes DuckDB's WAL to disk before {@link #insert} returns, which is what lets a 200
 * promise that the events survive {@code kill -9}.
 */
public final class DuckDbEventStore implements EventStore {
    public static final String FILE_NAME = "candor.duckdb";

    /**
     * The embedded store's schema version. 2: each run's attributes are kept once in {@code
     * run_attributes}, named by the events' {@code run_id}, instead of in every event's {@code properties}.
     */
    public static final int SCHEMA_VERSION = 2;

    /** The steps from older embedded stores, oldest first. */
    public static final List<SchemaVersion.Migration> MIGRATIONS = List.of(new SchemaVersion.Migration(
            1,
            "each run's attributes kept once, in run_attributes, named by events.run_id",
            List.of(RunAttributes.TABLE, "ALTER TABLE events ADD COLUMN run_id UUID")));

    private final DuckDBConnection connection;
    private final Path file;
    private EventIdIndex ids;
    private final RunAttributes runs = new RunAttributes();

    private DuckDbEventStore(DuckDBConnection connection, Path file, EventIdIndex ids) throws SQLException {
        this.connection = connection;
        this.file = file;
        this.ids = ids;
        runs.load(connection);
        connection.commit();
    }

    /** Opens (creating if needed) the store in {@code dataDir}, and loads the ids of stored events. */
    public static DuckDbEventStore open(Path dataDir) throws StoreException {
        return open(dataDir, java.util.Optional.empty());
    }

    /**
     * Opens the store with DuckDB's memory limited to {@code memoryLimit} (a size the configuration
     * checked, such as {@code 2GiB}); DuckDB spills to the data folder beyond it.
     */
    public static DuckDbEventStore open(Path dataDir, java.util.Optional<String> memoryLimit) throws StoreException {
        return open(dataDir, memoryLimit, SCHEMA_VERSION, MIGRATIONS);
    }

    /** As {@link #open(Path, java.util.Optional)}, with the schema's version and steps given (tests). */
    static DuckDbEventStore open(
            Path dataDir,
            java.util.Optional<String> memoryLimit,
            int schemaVersion,
            List<SchemaVersion.Migration> steps)
            throws StoreException {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data folder " + dataDir + ": "
                    + e.getClass().getSimpleName());
        }
        DuckDBConnection c;
        try {
            c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
        } catch (SQLException e) {
            throw opening(file, e);
        }
        try {
            try (Statement s = c.createStatement()) {
                if (memoryLimit.isPresent()) {
                    s.execute("SET memory_limit = '" + memoryLimit.get() + "'");
                }
                boolean existed = tableExists(c, "events");
                s.execute(schema());
                s.execute("CREATE TABLE IF NOT EXISTS candor_schema (version INTEGER NOT NULL,"
                        + " applied_at TIMESTAMP NOT NULL, candor_version VARCHAR NOT NULL)");
                c.setAutoCommit(false);
                List<String> migrated =
                        SchemaVersion.migrate(new Versioned(c), existed ? 1 : schemaVersion, schemaVersion, steps);
                if (schemaVersion >= 2) {
                    s.execute(RunAttributes.VIEW);
                }
                c.commit();
                for (String step : migrated) {
                    org.slf4j.LoggerFactory.getLogger(DuckDbEventStore.class).info("store schema migrated {}", step);
                }
            }
            EventIdIndex index = loadIds(c);
            return new DuckDbEventStore(c, file, index);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("cannot prepare the store " + file + ": " + firstLine(e), e);
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** {@code candor_schema} in this store: each step in one transaction with its record. */
    private record Versioned(Connection c) implements SchemaVersion.Store {
        @Override
        public java.util.OptionalInt recorded() throws StoreException {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT max(version) FROM candor_schema")) {
                rs.next();
                int v = rs.getInt(1);
                return rs.wasNull() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(v);
            } catch (SQLException e) {
                throw new StoreException("cannot read the store's schema version: " + firstLine(e), e);
            }
        }

        @Override
        public void apply(SchemaVersion.Migration step, int to) throws StoreException {
            try (Statement s = c.createStatement()) {
                for (String sql : step.statements()) {
                    s.execute(sql);
                }
                insert(to);
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the transaction is gone either way
                }
                throw new StoreException(firstLine(e), e);
            }
        }

        @Override
        public void record(int version) throws StoreException {
            try {
                insert(version);
                c.commit();
            } catch (SQLException e) {
                throw new StoreException("cannot record the store's schema version: " + firstLine(e), e);
            }
        }

        private void insert(int version) throws SQLException {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO candor_schema VALUES (?, now()::TIMESTAMP, ?)")) {
                ps.setInt(1, version);
                ps.setString(2, SchemaVersion.writtenBy());
                ps.executeUpdate();
            }
        }
    }

    static StoreException opening(Path file, SQLException e) {
        String msg = firstLine(e);
        if (wholeFirstLine(e).contains("lock")) {
            return new StoreException(
                    "another process holds the store " + file + " (is a collector running on it? stop it first)", e);
        }
        return new StoreException("cannot open the store " + file + ": " + msg, e);
    }

    static String schema() {
        try (InputStream in = DuckDbEventStore.class.getResourceAsStream("schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("schema.sql is missing from the collector jar", e);
        }
    }

    private static EventIdIndex loadIds(Connection c) throws SQLException {
        long n;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            n = rs.getLong(1);
        }
        EventIdIndex index = new EventIdIndex((int) Math.min(Integer.MAX_VALUE / 2, Math.max(1 << 16, n)));
        // Two BIGINTs read much faster through JDBC than UUID objects; shifted by 2^63 to fit a signed BIGINT.
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT (CAST(CAST(event_id AS UHUGEINT) >> 64 AS HUGEINT) - 9223372036854775808)::BIGINT, "
                                + "(CAST(CAST(event_id AS UHUGEINT) & 18446744073709551615 AS HUGEINT)"
                                + " - 9223372036854775808)::BIGINT FROM events")) {
            while (rs.next()) {
                index.add(rs.getLong(1) ^ Long.MIN_VALUE, rs.getLong(2) ^ Long.MIN_VALUE);
            }
        }
        return index;
    }

    @Override
    public int insert(List<StoredEvent> events) throws StoreException {
        List<UUID> added = new ArrayList<>(events.size());
        List<StoredEvent> stored = new ArrayList<>(events.size());
        try {
            try (DuckDBAppender a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                for (StoredEvent e : events) {
                    if (!ids.add(e.eventId())) {
                        continue;
                    }
                    added.add(e.eventId());
                    stored.add(e);
                    a.beginRow();
                    a.append(e.eventId());
                    a.append(e.tool());
                    a.append(e.toolVersion());
                    a.append(e.eventName());
                    a.appendEpochMicros(e.eventTimeMicros());
                    a.appendEpochMicros(e.receivedAtMicros());
                    a.append(e.machineId());
                    a.append(e.sessionId());
                    a.append(e.osFamily());
                    a.append(e.osVersion());
                    a.append(e.runtimeId());
                    a.append(e.geography());
                    a.append(e.command());
                    a.append(e.exitCode());
                    a.append(e.durationMs());
                    a.append(e.split() ? e.eventProperties() : e.properties());
                    UUID run = e.split() ? runs.idOf(e) : null;
                    a.append(run);
                    a.endRow();
                }
            }
            runs.insertNew(connection);
            DailyUsage.append(connection, stored);
            connection.commit();
            runs.committed();
            return added.size();
        } catch (SQLException | RuntimeException e) {
            rollback();
            runs.rolledBack();
            ids.removeAll(added);
            throw new StoreException("could not commit " + events.size() + " events: " + firstLine(e), e);
        }
    }

    /** A table owner's part of every erasure, run in the erasure's transaction. */
    @FunctionalInterface
    public interface ErasureHook {
        void erase(Connection c, String tool, String machineId) throws SQLException;
    }

    private final List<ErasureHook> erasureHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Registers what an erasure must also do to a table that a reader keeps in this store (the
     * dashboard's rollup): it runs after the machine's events are deleted and before its rows of the
     * daily aggregate are.
     */
    public void onErase(ErasureHook hook) {
        erasureHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
    }

    /** A table owner's part of retention, run in its transaction after the raw events before {@code cutoff} went. */
    @FunctionalInterface
    public interface RetentionHook {
        void deletedBefore(Connection c, LocalDate cutoff) throws SQLException;
    }

    private final List<RetentionHook> retentionHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registers what retention must also do to a table that a reader keeps in this store (the Commands page's rollup). */
    public void onRetention(RetentionHook hook) {
        retentionHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
    }

    @Override
    public long forget(String tool, String machineId) throws StoreException {
        try (PreparedStatement ps =
                        connection.prepareStatement("DELETE FROM events WHERE tool = ? AND machine_id = ?");
                PreparedStatement usage =
                        connection.prepareStatement("DELETE FROM daily_usage WHERE tool = ? AND machine_id = ?")) {
            ps.setString(1, tool);
            ps.setString(2, machineId);
            long deleted = ps.executeLargeUpdate();
            for (ErasureHook hook : erasureHooks) {
                hook.erase(connection, tool, machineId);
            }
            // The aggregate goes too: a machine that asked to be forgotten is not counted anywhere.
            usage.setString(1, tool);
            usage.setString(2, machineId);
            usage.executeLargeUpdate();
            RunAttributes.forget(connection, tool, machineId);
            connection.commit();
            runs.load(connection);
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("could not erase a machine's events: " + firstLine(e), e);
        }
    }

    @Override
    public long count() throws StoreException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            long n = rs.getLong(1);
            connection.commit();
            return n;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("could not count events: " + firstLine(e), e);
        }
    }

    @Override
    public long compactUsage() throws StoreException {
        try {
            long rows = DailyUsage.compact(connection);
            connection.commit();
            return rows;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("could not compact daily_usage: " + firstLine(e), e);
        }
    }

    @Override
    public long rebuildUsage(LocalDate from) throws StoreException {
        try {
            long rows = DailyUsage.rebuild(connection, from);
            connection.commit();
            return rows;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("could not rebuild daily_usage: " + firstLine(e), e);
        }
    }

    @Override
    public long deleteRawBefore(LocalDate cutoff, boolean dryRun) throws StoreException {
        String where = " FROM events WHERE event_time < ?";
        try (PreparedStatement ps =
                connection.prepareStatement(dryRun ? "SELECT count(*)" + where : "DELETE" + where)) {
            ps.setObject(1, cutoff.atStartOfDay());
            long n;
            if (dryRun) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
            } else {
                n = ps.executeLargeUpdate();
                for (RetentionHook hook : retentionHooks) {
                    hook.deletedBefore(connection, cutoff);
                }
                RunAttributes.pruneUnused(connection);
            }
            connection.commit();
            if (!dryRun) {
                runs.load(connection);
                connection.commit();
            }
            if (n > 0 && !dryRun) {
                ids = loadIds(connection); // the set holds only stored ids, so it shrinks with the store
                connection.commit();
            }
            return n;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("could not apply retention: " + firstLine(e), e);
        }
    }

    /** Ids of events held in the dedup index (all stored events). */
    int indexedIds() {
        return ids.size();
    }

    /** A second connection to the same database, for readers in this process (dashboard, aggregation). */
    public Connection newReader() throws SQLException {
        return connection.duplicate();
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone either way; the caller reports the first error
        }
    }

    /**
     * Copies the store, as committed now, to {@code target} (which must not exist): a checkpoint folds
     * the write-ahead log into the file, then the file is copied. Run it where nothing else writes to
     * the store meanwhile (the writer's thread, or a command that holds the store alone).
     *
     * @throws StoreException when the checkpoint or the copy fails
     */
    public synchronized void snapshotTo(Path target) throws StoreException {
        try (Statement s = connection.createStatement()) {
            connection.commit();
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new StoreException("could not checkpoint the store for a backup: " + firstLine(e), e);
        }
        try {
            Files.copy(file, target);
        } catch (IOException e) {
            throw new StoreException(
                    "could not copy " + file + " to " + target + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return; // the writer closes the store, and so does its backend
        }
        closed = true;
        try {
            // A checkpoint folds the WAL into the file so the next start does not replay it.
            try (Statement s = connection.createStatement()) {
                connection.commit();
                s.execute("CHECKPOINT");
            }
        } catch (SQLException ignored) {
            // the WAL still holds every committed row
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to save
        }
    }

    /**
     * What went wrong, for a message that reaches the log and the dashboard: DuckDB's error type
     * ("Constraint Error", "Conversion Error" ...), whose text may quote row data, and nothing more;
     * only a file-level "IO Error" keeps its first line (a full disk, a lock, a permission: the
     * operator's own files).
     */
    public static String firstLine(Throwable e) {
        String line = wholeFirstLine(e);
        int colon = line.indexOf(": ");
        String type = colon < 0 ? "" : line.substring(0, colon);
        if (type.endsWith("IO Error")) {
            return line;
        }
        return type.endsWith("Error") && type.length() <= 40
                ? type
                : e.getClass().getSimpleName();
    }

    /**
     * The first line of DuckDB's message, whole: for {@code candor sql}, where the operator reads the
     * answer to their own query on their terminal, and to tell a lock from other failures.
     */
    public static String wholeFirstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
