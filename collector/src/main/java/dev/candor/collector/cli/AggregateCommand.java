package dev.candor.collector.cli;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.config.CollectorConfig;
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

/** {@code candor aggregate}: compacts, or rebuilds from raw events, the daily aggregate of a stopped store. */
@Command(
        name = "aggregate",
        mixinStandardHelpOptions = true,
        header = "Compacts, or rebuilds from raw events, the daily aggregate.",
        description = {
            "Merges the partial rows of the daily aggregate of the embedded store (kept up to date as events arrive,",
            "compacted hourly), or recomputes ClickHouse's. With --rebuild, recomputes it from the raw events kept."
        })
public final class AggregateCommand implements Callable<Integer> {
    @Option(names = "--rebuild", description = "recompute the days that still have raw events (retention period)")
    boolean rebuild;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = store.load(Map.of());
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "aggregate");
        try (Backend backend =
                progress.during("opening the store (and replaying its journal)", () -> Backends.open(cfg))) {
            EventStore s = backend.events();
            long started = System.nanoTime();
            LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(cfg.retentionDays());
            long rows = rebuild
                    ? progress.during(
                            "rebuilding daily_usage from the raw events of " + from + " on", () -> s.rebuildUsage(from))
                    : progress.during(
                            cfg.store() == CollectorConfig.StoreKind.CLICKHOUSE
                                    ? "recomputing daily_usage from the raw events kept"
                                    : "compacting daily_usage",
                            s::compactUsage);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "daily_usage %s: %,d rows (%.1f s)%n",
                            rebuild
                                    ? "rebuilt (days from " + from + " on)"
                                    : cfg.store() == CollectorConfig.StoreKind.CLICKHOUSE
                                            // ClickHouse keeps no partial rows: its aggregate is recomputed
                                            ? "recomputed from the raw events kept"
                                            : "compacted",
                            rows,
                            (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }
}
