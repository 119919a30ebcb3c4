package dev.candor.collector.server;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.CollectorConfig.StoreKind;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.clickhouse.ClickHouseBackend;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import dev.candor.collector.store.duckdb.DuckDbBackend;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.journal.JournalReplay;

/**
 * The one place that chooses a {@link Backend} from {@code store} in the config: the embedded DuckDB
 * store or ClickHouse. Everything else works on the {@link Backend} it gets.
 */
public final class Backends {
    private Backends() {}

    /**
     * The configured store, open for writing, for the operator commands. The embedded one first gets
     * what a collector that did not stop cleanly left acknowledged in its journal: those events count
     * as stored.
     */
    public static Backend open(CollectorConfig cfg) throws StoreException {
        return switch (cfg.store()) {
            case CLICKHOUSE ->
                new ClickHouseBackend(ClickHouseEventStore.open(cfg.clickhouseUrl(), cfg.clickhouseDatabase()));
            case DUCKDB -> embedded(cfg);
        };
    }

    /** As {@link #open}, for a command that only reads: an embedded store must be there already. */
    public static Backend openExisting(CollectorConfig cfg) throws StoreException {
        java.nio.file.Path file = cfg.dataDir().resolve(DuckDbEventStore.FILE_NAME);
        if (cfg.store() == StoreKind.DUCKDB && !java.nio.file.Files.isRegularFile(file)) {
            throw new StoreException("no Candor store at " + file.getParent() + " (expected " + file.getFileName()
                    + "; give --data-dir)");
        }
        return open(cfg);
    }

    /** The embedded store with the journal replayed into it (see {@link #open}). */
    static DuckDbBackend embedded(CollectorConfig cfg) throws StoreException {
        if (cfg.store() != StoreKind.DUCKDB) {
            throw new ConfigException(
                    "store clickhouse is read by stateless collectors (sink kafka) and by the operator"
                            + " commands; a collector with sink store keeps its events in the embedded store: leave out store,"
                            + " or give sink kafka");
        }
        DuckDbEventStore store = DuckDbEventStore.open(cfg.dataDir(), cfg.storeMemoryLimit());
        try {
            DuckDbBackend backend =
                    new DuckDbBackend(store); // before the replay: erasures in the journal need its hooks
            JournalReplay.replay(cfg.dataDir(), store);
            return backend;
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * What a stateless collector (sink kafka) reads its dashboard from: ClickHouse with {@code store =
     * clickhouse}, otherwise nothing, and every page says so.
     */
    static Backend forStateless(CollectorConfig cfg) throws StoreException {
        return cfg.store() == StoreKind.CLICKHOUSE ? open(cfg) : Backend.NONE;
    }
}
