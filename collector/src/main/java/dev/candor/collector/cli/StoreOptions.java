package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
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

    @Option(
            names = "--clickhouse-url",
            description = "ClickHouse's HTTP interface, http://HOST:8123 (with --store clickhouse)")
    String clickhouseUrl;

    @Option(names = "--clickhouse-database", description = "ClickHouse database (default candor)")
    String clickhouseDatabase;

    @Option(names = "--data-dir", description = "store folder (default ./candor-data, or the config's data-dir)")
    Path dataDir;

    @Option(names = "--config", description = "config file of 'key = value' lines")
    Path config;

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
        CollectorConfig cfg = CollectorConfig.load(flags, List.of(), config, System.getenv());
        dev.candor.collector.logging.CandorLogging.format(cfg.logFormat());
        return cfg;
    }
}
