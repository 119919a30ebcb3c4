package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one choice of store, and the configurations it refuses with a reason instead of a surprise. */
class BackendsTest {
    @Test
    void aCollectorThatKeepsItsEventsInTheEmbeddedStoreRefusesToShowClickHouses(@TempDir Path dir) {
        // Its dashboard would show ClickHouse while what it accepts goes into DuckDB.
        assertThatThrownBy(() -> TestCollector.start(
                        dir, b -> b.set(Setting.STORE, "clickhouse").set(Setting.CLICKHOUSE_URL, "http://127.0.0.1:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store clickhouse is read by stateless collectors (sink kafka)")
                .hasMessageContaining("leave out store, or give sink kafka");
        assertThat(dir.resolve(DuckDbEventStore.FILE_NAME)).doesNotExist();
    }

    @Test
    void readingCommandsDoNotCreateAStoreWhereThereIsNone(@TempDir Path dir) throws Exception {
        CollectorConfig cfg =
                CollectorConfig.builder().dataDir(dir.resolve("nothing-here")).build();
        assertThatThrownBy(() -> Backends.openExisting(cfg))
                .isInstanceOf(StoreException.class)
                .hasMessage("no Candor store at " + dir.resolve("nothing-here")
                        + " (expected candor.duckdb; give --data-dir)");
        assertThat(dir.resolve("nothing-here")).doesNotExist();

        try (Backend created = Backends.open(cfg)) {
            assertThat(created.events().count()).isZero();
        }
        try (Backend existing = Backends.openExisting(cfg)) {
            assertThat(existing.events().count()).isZero();
        }
        assertThat(Files.isRegularFile(dir.resolve("nothing-here").resolve(DuckDbEventStore.FILE_NAME)))
                .isTrue();
    }

    @Test
    void aStatelessCollectorWithoutClickHouseHasNoStoreAndSaysSo() throws Exception {
        CollectorConfig cfg = CollectorConfig.builder()
                .set(Setting.SINK, "kafka")
                .set(Setting.KAFKA_BOOTSTRAP, "127.0.0.1:1")
                .build();
        Backend none = Backends.forStateless(cfg);
        assertThat(none).isSameAs(Backend.NONE);
        assertThatThrownBy(none::events).isInstanceOf(StoreException.class).hasMessageContaining("sink kafka");
        assertThatThrownBy(() -> none.publish(
                        "forge",
                        dev.candor.collector.publish.Quarter.parse("2026-Q3"),
                        10,
                        Path.of("unused"),
                        dev.candor.collector.publish.QuarterlyPublisher.Progress.NONE))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("candor publish --store clickhouse");
    }
}
