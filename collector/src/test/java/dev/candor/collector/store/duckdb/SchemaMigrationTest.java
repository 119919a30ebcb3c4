package dev.candor.collector.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.store.SchemaVersion;
import dev.candor.collector.store.StoreException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's schema version and its migrations, on real DuckDB files: a new store records this
 * build's version, a store from before versioning counts as version 1, a newer build's steps run at
 * open (each with its record, in one transaction), a failing step leaves the store as it was, and a
 * store written by a newer Candor is refused untouched. The steps of the version after this build's are
 * the test's; the build's own step (1 to 2, run attributes) is tested on a store made as version 1 was.
 */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    private static final int NEXT = DuckDbEventStore.SCHEMA_VERSION + 1;

    private static final SchemaVersion.Migration ADD_COLUMN = new SchemaVersion.Migration(
            DuckDbEventStore.SCHEMA_VERSION,
            "events gain a test column",
            List.of("ALTER TABLE events ADD COLUMN test_column VARCHAR DEFAULT 'x'"));

    private static long value(DuckDbEventStore store, String sql) throws Exception {
        try (var c = store.newReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(DuckDbEventStore store, String sql) throws Exception {
        try (var c = store.newReader();
                Statement s = c.createStatement()) {
            s.execute(sql);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @Test
    void aNewStoreRecordsThisBuildsVersion() throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(value(store, "SELECT max(version) FROM candor_schema"))
                    .isEqualTo(DuckDbEventStore.SCHEMA_VERSION);
            assertThat(value(store, "SELECT count(*) FROM candor_schema")).isEqualTo(1);
        }
        try (DuckDbEventStore again = DuckDbEventStore.open(dir)) {
            assertThat(value(again, "SELECT count(*) FROM candor_schema"))
                    .as("recorded once")
                    .isEqualTo(1);
        }
    }

    @Test
    void anOlderStoreIsMigratedAtOpenAndKeepsItsEvents() throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            exec(
                    store,
                    "INSERT INTO events (event_id, tool, tool_version, event_name, event_time, received_at,"
                            + " os_family, os_version, runtime_id, geography, properties) VALUES (uuid(), 'forge', '1',"
                            + " 'cli.command', now()::TIMESTAMP, now()::TIMESTAMP, 'Linux', '6', 'linux-x64', 'Unknown', '{}')");
            asVersionOne(store);
            exec(store, "DROP TABLE candor_schema"); // as a store from before versioning
        }
        try (DuckDbEventStore migrated = DuckDbEventStore.open(dir, Optional.empty(), NEXT, next(ADD_COLUMN))) {
            assertThat(value(migrated, "SELECT max(version) FROM candor_schema"))
                    .isEqualTo(NEXT);
            assertThat(value(migrated, "SELECT count(*) FROM events WHERE test_column = 'x'"))
                    .isEqualTo(1);
            assertThat(migrated.count()).isEqualTo(1);
        }
        try (DuckDbEventStore again = DuckDbEventStore.open(dir, Optional.empty(), NEXT, next(ADD_COLUMN))) {
            assertThat(value(again, "SELECT count(*) FROM candor_schema WHERE version = " + NEXT))
                    .as("run once")
                    .isEqualTo(1);
        }
    }

    @Test
    void aFailingStepLeavesTheStoreAsItWasAndANewerStoreIsRefused() throws Exception {
        DuckDbEventStore.open(dir).close();
        SchemaVersion.Migration broken = new SchemaVersion.Migration(
                DuckDbEventStore.SCHEMA_VERSION,
                "a broken step",
                List.of("ALTER TABLE events ADD COLUMN half_done VARCHAR", "SELECT * FROM nowhere"));
        int v = DuckDbEventStore.SCHEMA_VERSION;
        assertThatThrownBy(() -> DuckDbEventStore.open(dir, Optional.empty(), NEXT, next(broken)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("schema migration " + v + " -> " + NEXT + " (a broken step) failed and was"
                        + " rolled back; the store is unchanged at version " + v);
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(value(store, "SELECT max(version) FROM candor_schema")).isEqualTo(v);
            assertThat(value(store, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'half_done'"))
                    .isZero();
            exec(store, "INSERT INTO candor_schema VALUES (7, now()::TIMESTAMP, 'candor 9')");
        }
        assertThatThrownBy(() -> DuckDbEventStore.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema is version 7, newer than this Candor's (" + v + ")");
    }

    /** The tables as schema version 1 had them: every attribute in each event's properties. */
    static void asVersionOne(DuckDbEventStore store) throws Exception {
        exec(store, "DROP VIEW event_properties");
        exec(store, "DROP TABLE run_attributes");
        exec(store, "ALTER TABLE events DROP COLUMN run_id");
    }

    private static List<SchemaVersion.Migration> next(SchemaVersion.Migration step) {
        List<SchemaVersion.Migration> steps = new java.util.ArrayList<>(DuckDbEventStore.MIGRATIONS);
        steps.add(step);
        return steps;
    }
}
