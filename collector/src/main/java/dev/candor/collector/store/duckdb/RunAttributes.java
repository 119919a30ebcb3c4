package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.NameUuid;
import dev.candor.collector.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code run_attributes} table: what every event of a run repeats (the run's resource attributes
 * that are not columns: CI, container, working-folder hash, architecture, Java version, SDK), kept
 * once per machine and distinct set rather than in every event's {@code properties}. An event names its
 * set by {@code run_id}, a name-based UUID of the tool, the machine and the set, so the same set is one
 * row however many runs and batches bring it. The writer keeps the ids of the stored sets (the table
 * is small beside the events) and appends only the others; no index checks it, since a primary key
 * tripled the cost of appending a batch's few new sets. Erased with the machine, pruned by retention once no
 * event names it. Used only by the store writer's thread.
 */
final class RunAttributes {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS run_attributes ("
            + " id UUID NOT NULL, tool VARCHAR NOT NULL, machine_id VARCHAR, properties JSON NOT NULL)";

    /** Every stored event's properties whole, as before the split (a view for {@code candor sql}). */
    static final String VIEW = "CREATE OR REPLACE VIEW event_properties AS SELECT e.event_id,"
            + " CASE WHEN e.run_id IS NULL THEN e.properties::VARCHAR"
            + " ELSE json_merge_patch(r.properties, e.properties)::VARCHAR END AS properties"
            + " FROM events e LEFT JOIN run_attributes r ON r.id = e.run_id";

    /**
     * The ids in the table, loaded at open and again after an erasure or retention deleted rows, added to
     * when a batch commits: the store writer is the table's only writer, so a set not in here is new.
     */
    private EventIdIndex known = new EventIdIndex(1 << 12);

    private final Map<UUID, StoredEvent> pending = new HashMap<>();
    private final Map<String, UUID> ofBatch = new IdentityHashMap<>();

    /** The id of a split event's run set; a set not known to be stored is written by {@link #insertNew}. */
    UUID idOf(StoredEvent e) {
        // The enricher gives the events of a run one string: one digest per run and batch.
        UUID id = ofBatch.get(e.runProperties());
        if (id == null) {
            id = id(e.tool(), e.machineId(), e.runProperties());
            ofBatch.put(e.runProperties(), id);
        }
        if (!known.contains(id)) {
            pending.putIfAbsent(id, e);
        }
        return id;
    }

    /** Appends the batch's new sets, in the batch's transaction (one Appender: rows by the statement cost ms). */
    void insertNew(DuckDBConnection c) throws SQLException {
        ofBatch.clear();
        if (pending.isEmpty()) {
            return;
        }
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "run_attributes")) {
            for (Map.Entry<UUID, StoredEvent> p : pending.entrySet()) {
                a.beginRow();
                a.append(p.getKey());
                a.append(p.getValue().tool());
                a.append(p.getValue().machineId());
                a.append(p.getValue().runProperties());
                a.endRow();
            }
        }
    }

    /** The batch committed: its sets are stored. */
    void committed() {
        for (UUID id : pending.keySet()) {
            known.add(id);
        }
        pending.clear();
    }

    void rolledBack() {
        ofBatch.clear();
        pending.clear();
    }

    /** Reads the ids in the table: at open, and after an erasure or retention deleted some. */
    void load(Connection c) throws SQLException {
        EventIdIndex ids = new EventIdIndex(1 << 12);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id::VARCHAR FROM run_attributes")) {
            while (rs.next()) {
                ids.add(UUID.fromString(rs.getString(1)));
            }
        }
        known = ids;
    }

    /** An erasure's part: the machine's sets go with its events. */
    static void forget(Connection c, String tool, String machineId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM run_attributes WHERE tool = ? AND machine_id = ?")) {
            ps.setString(1, tool);
            ps.setString(2, machineId);
            ps.executeUpdate();
        }
    }

    /** Retention's part: the sets no stored event names any more. */
    static void pruneUnused(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "DELETE FROM run_attributes WHERE id NOT IN (SELECT run_id FROM events WHERE run_id IS NOT NULL)");
        }
    }

    static UUID id(String tool, String machineId, String properties) {
        MessageDigest sha = NameUuid.sha256();
        sha.update(tool.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(machineId == null ? new byte[0] : machineId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) (machineId == null ? 1 : 0)); // no machine and an empty one stay apart
        sha.update(properties.getBytes(StandardCharsets.UTF_8));
        return NameUuid.of(sha.digest());
    }
}
