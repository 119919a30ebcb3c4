package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.store.DuckDbEventStore;
import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.JournalReplay;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir}, {@code --config} and the store's choice for the commands that work on a store:
 * the embedded one, stopped, or ClickHouse, which may be loaded into while they run.
 */
public final class StoreOptions {
    @Option(names = "--store", description = "duckdb (default: the embedded store in --data-dir) or clickhouse")
    String store;

    @Option(names = "--clickhouse-url", description = "ClickHouse's HTTP interface, http://HOST:8123 (with --store clickhouse)")
    String clickhouseUrl;

    @Option(names = "--clickhouse-database", description = "ClickHouse database (default candor)")
    String clickhouseDatabase;

    @Option(names = "--data-dir", description = "store folder (default ./candor-data, or the config's data-dir)")
    Path dataDir;

    @Option(names = "--config", description = "config file of 'key = value' lines")
    Path config;

    /**
     * Opens the stopped store for writing, after replaying what a collector that did not stop cleanly
     * left acknowledged in its journal: those events count as stored.
     */
    static DuckDbEventStore openReplayed(CollectorConfig cfg) throws StoreException {
        DuckDbEventStore store = DuckDbEventStore.open(cfg.dataDir(), cfg.storeMemoryLimit());
        try {
            JournalReplay.replay(cfg.dataDir(), store);
            return store;
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The configured store, open for writing: the embedded one replayed (see {@link #openReplayed}), or ClickHouse. */
    static EventStore open(CollectorConfig cfg) throws StoreException {
        if (cfg.clickhouseStore()) {
            return ClickHouseEventStore.open(cfg.clickhouseUrl(), cfg.clickhouseDatabase());
        }
        return openReplayed(cfg);
    }

    /** The settings as {@code serve} would see them, with these flags applied. */
    CollectorConfig load(Map<Setting, String> more) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.putAll(more);
        if (dataDir != null) {
            flags.put(Setting.DATA_DIR, dataDir.toString());
        }
        if (store != null) {
            flags.put(Setting.STORE, store);
        }
        if (clickhouseUrl != null) {
            flags.put(Setting.CLICKHOUSE_URL, clickhouseUrl);
        }
        if (clickhouseDatabase != null) {
            flags.put(Setting.CLICKHOUSE_DATABASE, clickhouseDatabase);
        }
        return CollectorConfig.load(flags, List.of(), config, System.getenv());
    }
}
