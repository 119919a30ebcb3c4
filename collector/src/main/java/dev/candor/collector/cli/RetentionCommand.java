package dev.candor.collector.cli;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.server.Backends;
import dev.candor.collector.store.EventStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor retention}: deletes raw events past the retention period from a stopped store. */
@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        header = "Deletes raw events older than retention-days.",
        description = {
            "Deletes raw events older than retention-days (default 90) by their event time; the daily",
            "aggregate and published files are kept. A running collector does this every day by itself."
        })
public final class RetentionCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "only count what would be deleted")
    boolean dryRun;

    @Option(names = "--days", description = "keep this many days instead of retention-days")
    Integer days;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = store.load(days == null ? Map.of() : Map.of(Setting.RETENTION_DAYS, days.toString()));
        LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(cfg.retentionDays());
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "retention");
        try (Backend backend =
                progress.during("opening the store (and replaying its journal)", () -> Backends.open(cfg))) {
            EventStore s = backend.events();
            long n = progress.during(
                    (dryRun ? "counting" : "deleting") + " raw events from before " + cutoff,
                    () -> s.deleteRawBefore(cutoff, dryRun));
            spec.commandLine()
                    .getOut()
                    .println((dryRun ? "would delete " : "deleted ") + n + " raw events from before "
                            + cutoff + " (retention " + cfg.retentionDays()
                            + (cfg.retentionDays() == 1 ? " day); " : " days); ") + s.count() + " raw events "
                            + (dryRun ? "stored" : "kept") + "; the daily aggregate is kept");
        }
        return 0;
    }
}
