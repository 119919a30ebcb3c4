package dev.candor.collector.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.store.SchemaVersion;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.testing.ClickHouseExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema version in a real ClickHouse: recorded once, steps run at open, a newer database refused. */
class ClickHouseSchemaMigrationTest {
    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static String q(String database, String sql) throws StoreException {
        return new ClickHouseHttp(CLICKHOUSE.url(), database)
                .query(sql + " FORMAT TabSeparated")
                .strip();
    }

    @Test
    void aDatabaseIsVersionedMigratedOnceAndANewerOneIsRefused() throws Exception {
        ClickHouseEventStore.open(CLICKHOUSE.url(), "schema_v").close();
        assertThat(q("schema_v", "SELECT max(version) FROM candor_schema"))
                .isEqualTo(Integer.toString(SchemaVersion.CURRENT));
        ClickHouseEventStore.open(CLICKHOUSE.url(), "schema_v").close();
        assertThat(q("schema_v", "SELECT count() FROM candor_schema"))
                .as("recorded once")
                .isEqualTo("1");

        SchemaVersion.Migration probe = new SchemaVersion.Migration(
                1, "a probe table", List.of("CREATE TABLE IF NOT EXISTS migration_probe (x UInt8) ENGINE = Memory"));
        ClickHouseEventStore.open(CLICKHOUSE.url(), "schema_v", 2, List.of(probe))
                .close();
        ClickHouseEventStore.open(CLICKHOUSE.url(), "schema_v", 2, List.of(probe))
                .close();
        assertThat(q("schema_v", "SELECT max(version), countIf(version = 2) FROM candor_schema"))
                .isEqualTo("2\t1");
        assertThat(q("schema_v", "EXISTS TABLE migration_probe")).isEqualTo("1");

        assertThatThrownBy(() -> ClickHouseEventStore.open(CLICKHOUSE.url(), "schema_v"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema is version 2, newer than this Candor's (1)");
    }
}
