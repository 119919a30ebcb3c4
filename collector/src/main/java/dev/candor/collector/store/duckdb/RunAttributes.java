package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code run_attributes} table: what every event of a run repeats (the run's resource attributes
 * that are not columns: CI, container, working-folder hash, architecture, Java version, SDK), kept
 * once per machine and distinct set rather than in every event's {@code properties}. An event names its
 * set by {@code run_id}, a name-based UUID of the tool, the machine and the set, so the same set is one
 * row however many runs and batches bring it. Erased with the machine, pruned by retention once no
 * event names it. Used only by the store writer's thread.
 */
final class RunAttributes {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS run_attributes ("
            + " id UUID PRIMARY KEY, tool VARCHAR NOT NULL, machine_id VARCHAR, properties JSON NOT NULL)";

    /** Every stored event's properties whole, as before the split (a view for {@code candor sql}). */
    static final String VIEW = "CREATE OR REPLACE VIEW event_properties AS SELECT e.event_id,"
            + " CASE WHEN e.run_id IS NULL THEN e.properties::VARCHAR"
            + " ELSE json_merge_patch(r.properties, e.properties)::VARCHAR END AS properties"
            + " FROM events e LEFT JOIN run_attributes r ON r.id = e.run_id";

    /** Ids known to be in the table; cleared when full, on erasure and on retention (then checked again). */
    private static final int MAX_KNOWN = 1 << 20;

    private final Set<UUID> known = new HashSet<>();
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

    /** Writes the batch's sets not yet known, in the batch's transaction. */
    void insertNew(Connection c) throws SQLException {
        ofBatch.clear();
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO run_attributes VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<UUID, StoredEvent> p : pending.entrySet()) {
                ps.setObject(1, p.getKey());
                ps.setString(2, p.getValue().tool());
                ps.setString(3, p.getValue().machineId());
                ps.setString(4, p.getValue().runProperties());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The batch committed: its sets are stored. */
    void committed() {
        if (known.size() + pending.size() > MAX_KNOWN) {
            known.clear();
        }
        known.addAll(pending.keySet());
        pending.clear();
    }

    void rolledBack() {
        ofBatch.clear();
        pending.clear();
    }

    /** After an erasure or retention: rows may be gone, so every set is checked again when next seen. */
    void forgetKnown() {
        known.clear();
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
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(tool.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(machineId == null ? new byte[0] : machineId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) (machineId == null ? 1 : 0)); // no machine and an empty one stay apart
            sha.update(properties.getBytes(StandardCharsets.UTF_8));
            byte[] h = sha.digest();
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (h[i] & 0xff);
                lo = (lo << 8) | (h[i + 8] & 0xff);
            }
            hi = (hi & ~0xF000L) | 0x8000L; // version 8: custom
            lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(hi, lo);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
