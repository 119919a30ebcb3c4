package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.store.DuckDbEventStore;
import dev.candor.collector.store.JournalReplay;
import dev.candor.collector.store.StoreException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --data-dir} and {@code --config} for the commands that work on a stopped store. */
public final class StoreOptions {
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

    /** The settings as {@code serve} would see them, with these flags applied. */
    CollectorConfig load(Map<Setting, String> more) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.putAll(more);
        if (dataDir != null) {
            flags.put(Setting.DATA_DIR, dataDir.toString());
        }
        return CollectorConfig.load(flags, List.of(), config, System.getenv());
    }
}
