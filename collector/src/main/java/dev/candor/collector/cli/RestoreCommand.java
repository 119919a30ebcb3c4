package dev.candor.collector.cli;

import dev.candor.collector.backup.Backup;
import dev.candor.collector.config.CollectorConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor restore}: a backup into a new data folder, every file checked against its manifest first. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        header = "Restores a backup into a new data folder, checked against its manifest.",
        description = {
            "Restores a backup into a new data folder, checked against its manifest.",
            "The folder must hold no store, secret or token: nothing is ever overwritten. Then start the collector on it."
        })
public final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "the backup folder (candor backup --out)")
    Path from;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CollectorConfig cfg = store.load(Map.of());
        Backup.Result r = Backup.restore(from, cfg.dataDir());
        spec.commandLine().getOut().println("restored " + r.summary());
        return 0;
    }
}
