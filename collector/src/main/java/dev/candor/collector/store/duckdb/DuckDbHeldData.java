package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The right of access on the embedded store: one machine's rows, read on a reader connection of its own. */
final class DuckDbHeldData implements HeldData.Source {
    private final DuckDbEventStore store;

    DuckDbHeldData(DuckDbEventStore store) {
        this.store = store;
    }

    @Override
    public HeldData held(String tool, String machineId, int maxEvents) throws StoreException {
        try (Connection c = store.newReader()) {
            long count;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT count(*) FROM events WHERE tool = ? AND machine_id = ?")) {
                ps.setString(1, tool);
                ps.setString(2, machineId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            List<StoredEvent> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id::VARCHAR, tool_version, event_name,"
                    + " epoch_us(event_time), epoch_us(received_at), session_id, os_family, os_version, runtime_id,"
                    + " geography, command, exit_code, duration_ms, CASE WHEN run_id IS NULL THEN e.properties::VARCHAR"
                    + " ELSE json_merge_patch(r.properties, e.properties)::VARCHAR END"
                    + " FROM events e LEFT JOIN run_attributes r ON r.id = e.run_id"
                    + " WHERE e.tool = ? AND e.machine_id = ? ORDER BY event_time DESC, event_id LIMIT ?")) {
                ps.setString(1, tool);
                ps.setString(2, machineId);
                ps.setInt(3, maxEvents);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new StoredEvent(
                                UUID.fromString(rs.getString(1)),
                                tool,
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                machineId,
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11),
                                (Integer) rs.getObject(12),
                                (Long) rs.getObject(13),
                                rs.getString(14)));
                    }
                }
            }
            List<HeldData.Day> days = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT day, event_name, command, geography, os_family,"
                    + " runtime_id, os_version, tool_version, sum(occurrences)::BIGINT, sum(failures)::BIGINT"
                    + " FROM daily_usage WHERE tool = ? AND machine_id = ? GROUP BY ALL ORDER BY ALL")) {
                ps.setString(1, tool);
                ps.setString(2, machineId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.add(new HeldData.Day(
                                rs.getObject(1, java.time.LocalDate.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getLong(9),
                                rs.getLong(10)));
                    }
                }
            }
            return new HeldData(events, count, days);
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("could not read a machine's events: " + DuckDbEventStore.firstLine(e), e);
        }
    }
}
