package dev.candor.collector.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.store.PropertiesJson;
import dev.candor.collector.store.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each run's attributes are kept once (schema version 2), and nothing a user can see changes: the
 * events' whole properties come back from the view and from the right of access as the enricher wrote
 * them, an erasure takes the machine's run attributes with its events, retention prunes the ones no event
 * names, and a store of version 1 keeps its rows whole.
 */
class RunAttributesTest {
    private static final long NOW_MICROS = 1_790_000_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLANTED = "annabelle-quartermaine-runner";

    @TempDir
    Path dir;

    private final EventEnricher enricher = new EventEnricher(new MachineIdHasher(new byte[32]), 8192);

    private List<StoredEvent> run(String machine, String provider, long timeMicros, int events) {
        Map<String, Object> resource = new HashMap<>();
        resource.put("service.version", "1.4.0");
        resource.put("os.type", "linux");
        resource.put("candor.machine.id", machine);
        resource.put("session.id", UUID.randomUUID().toString());
        resource.put("candor.ci.provider", provider);
        resource.put("host.arch", "amd64");
        resource.put("candor.ci", true);
        EventEnricher.Resource r = enricher.resource("forge", resource, false);
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("log.record.uid", UUID.randomUUID().toString());
            attributes.put("command.path", "build");
            attributes.put("command.options", List.of("--verbose"));
            // The event's own value of a run attribute wins over the run's.
            attributes.put("host.arch", i == 0 ? "arm64" : "amd64");
            out.add(enricher.enrich(
                    r, "cli.command", timeMicros * 1000 + i, attributes, false, "Germany", timeMicros + i));
        }
        return out;
    }

    private static long value(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<UUID, String> whole(Connection c) throws Exception {
        Map<UUID, String> out = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_id::VARCHAR, properties FROM event_properties")) {
            while (rs.next()) {
                out.put(UUID.fromString(rs.getString(1)), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void aRunsAttributesAreKeptOnceAndEveryEventStillReadsWhole() throws Exception {
        List<StoredEvent> a1 = run("machine-a", PLANTED, NOW_MICROS - 7_200_000_000L, 3);
        List<StoredEvent> a2 = run("machine-a", PLANTED, NOW_MICROS - 3_600_000_000L, 2); // same set, next run
        List<StoredEvent> b = run("machine-b", "github", NOW_MICROS - 3 * 86_400_000_000L, 2);
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            List<StoredEvent> first = new ArrayList<>(a1);
            first.addAll(b);
            assertThat(store.insert(first)).isEqualTo(5);
            assertThat(store.insert(a2)).isEqualTo(2);
            try (Connection c = store.newReader()) {
                assertThat(value(c, "SELECT count(*) FROM run_attributes")).isEqualTo(2);
                assertThat(value(c, "SELECT count(*) FROM events WHERE properties::VARCHAR LIKE '%candor.ci%'"))
                        .as("no run attribute is repeated in an event's row")
                        .isZero();
                Map<UUID, String> whole = whole(c);
                List<StoredEvent> all = new ArrayList<>(first);
                all.addAll(a2);
                for (StoredEvent e : all) {
                    assertThat(JSON.readTree(whole.get(e.eventId())))
                            .as("event %s", e.eventId())
                            .isEqualTo(JSON.readTree(e.properties()));
                }
            }
            StoredEvent arm = a1.get(0);
            assertThat(JSON.readTree(arm.properties()).get("host.arch").asText())
                    .isEqualTo("arm64");
            assertThat(PropertiesJson.merge(arm.runProperties(), arm.eventProperties()))
                    .isEqualTo(arm.properties());

            String machineA = a1.get(0).machineId();
            var held = new DuckDbHeldData(store).held("forge", machineA, 100);
            assertThat(held.events()).hasSize(5);
            for (StoredEvent e : held.events()) {
                assertThat(JSON.readTree(e.properties())
                                .get("candor.ci.provider")
                                .asText())
                        .isEqualTo(PLANTED);
            }

            store.forget("forge", machineA);
            try (Connection c = store.newReader()) {
                assertThat(value(c, "SELECT count(*) FROM run_attributes")).isEqualTo(1);
                assertThat(value(
                                c,
                                "SELECT count(*) FROM run_attributes WHERE properties::VARCHAR LIKE '%" + PLANTED
                                        + "%'"))
                        .isZero();
            }
            // After the erasure the machine comes back: its set is written again, not assumed present.
            assertThat(store.insert(run("machine-a", PLANTED, NOW_MICROS, 1))).isEqualTo(1);
            try (Connection c = store.newReader()) {
                assertThat(value(c, "SELECT count(*) FROM run_attributes")).isEqualTo(2);
                assertThat(value(
                                c,
                                "SELECT count(*) FROM events e LEFT JOIN run_attributes r ON r.id = e.run_id"
                                        + " WHERE r.id IS NULL"))
                        .as("every event's run is there")
                        .isZero();
            }

            // Retention: machine b's events are older than the cut, so its set goes with them.
            store.deleteRawBefore(LocalDate.ofEpochDay(Math.floorDiv(NOW_MICROS, 86_400_000_000L)), false);
            try (Connection c = store.newReader()) {
                assertThat(value(c, "SELECT count(*) FROM events")).isEqualTo(1);
                assertThat(value(c, "SELECT count(*) FROM run_attributes")).isEqualTo(1);
            }
        }
        // After a restart the writer knows the stored sets: the same set is not written twice.
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(store.insert(run("machine-a", PLANTED, NOW_MICROS, 2))).isEqualTo(2);
            try (Connection c = store.newReader()) {
                assertThat(value(c, "SELECT count(*) FROM run_attributes")).isEqualTo(1);
                assertThat(value(c, "SELECT count(*) FROM events")).isEqualTo(3);
            }
        }
    }

    @Test
    void aVersionOneStoreKeepsItsWholeRowsAndSplitsTheNewOnes() throws Exception {
        List<StoredEvent> old = run("machine-old", "none", NOW_MICROS, 2);
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            SchemaMigrationTest.asVersionOne(store);
            try (Connection c = store.newReader();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("UPDATE candor_schema SET version = 1");
                for (StoredEvent e : old) { // as a version-1 collector wrote them
                    s.execute("INSERT INTO events (event_id, tool, tool_version, event_name, event_time, received_at,"
                            + " machine_id, os_family, os_version, runtime_id, geography, properties) VALUES ('"
                            + e.eventId() + "', 'forge', '1.4.0', 'cli.command', now()::TIMESTAMP, now()::TIMESTAMP, '"
                            + e.machineId() + "', 'Linux', 'Unknown', 'Unknown', 'Germany', '" + e.properties() + "')");
                }
            }
        }
        List<StoredEvent> fresh = run("machine-new", "none", NOW_MICROS, 2);
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(store.insert(fresh)).isEqualTo(2);
            try (Connection c = store.newReader()) {
                assertThat(value(c, "SELECT max(version) FROM candor_schema")).isEqualTo(2);
                assertThat(value(c, "SELECT count(*) FROM events WHERE run_id IS NULL"))
                        .isEqualTo(2);
                Map<UUID, String> whole = whole(c);
                List<StoredEvent> all = new ArrayList<>(old);
                all.addAll(fresh);
                for (StoredEvent e : all) {
                    assertThat(JSON.readTree(whole.get(e.eventId()))).isEqualTo(JSON.readTree(e.properties()));
                }
            }
        }
    }
}
