package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
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
