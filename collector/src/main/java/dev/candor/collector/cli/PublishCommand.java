package dev.candor.collector.cli;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.server.Backends;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor publish}: one tool's quarter as a public TSV file, from a stopped store. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        header = "Publishes one tool's quarter as a public TSV file.",
        description = {
            "Writes <tool>-usage-<year>-q<n>.tsv in the .NET CLI's format from the daily aggregate,",
            "with no row describing fewer than k distinct machines, and reports what was generalized or left out.",
            "The collector serves the files at /data/. A running collector publishes by itself with auto-publish."
        })
public final class PublishCommand implements Callable<Integer> {
    @Option(names = "--tool", required = true, description = "tool id, e.g. forge")
    String tool;

    @Option(names = "--quarter", required = true, description = "e.g. 2026-Q3")
    String quarter;

    @Option(
            names = "--out",
            description =
                    "output folder (default <data-dir>/published, which the collector serves; required with --store clickhouse unless data-dir is set)")
    Path out;

    @Option(names = "--k", description = "fewest distinct machines per row (default publish-k, 10)")
    Integer k;

    @Option(
            names = "--period",
            paramLabel = "day|week|month",
            description = "what one row covers (default publish-period, day: the .NET CLI's files)")
    String period;

    @Option(names = "--force", description = "publish a quarter that has not ended, or a tool that is not registered")
    boolean force;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<Setting, String> overrides = new java.util.EnumMap<>(Setting.class);
        if (k != null) {
            overrides.put(Setting.PUBLISH_K, k.toString());
        }
        if (period != null) {
            overrides.put(Setting.PUBLISH_PERIOD, period);
        }
        CollectorConfig cfg = store.load(overrides);
        Quarter q;
        try {
            q = Quarter.parse(quarter);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--quarter: " + e.getMessage());
        }
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        if (!force && !today.isAfter(q.lastDay())) {
            throw new ConfigException("--quarter " + q + " has not ended (its last day is " + q.lastDay()
                    + "): a file published now would be incomplete and public; wait, or add --force");
        }
        java.util.List<String> registered = cfg.tools().stream()
                .map(dev.candor.collector.config.ToolRegistration::id)
                .toList();
        if (!force && !registered.contains(tool)) {
            throw new ConfigException("--tool " + tool + " is not a registered tool (registered: "
                    + String.join(", ", registered) + "); give the collector's --config, or add --force");
        }
        if (out == null && cfg.store() == CollectorConfig.StoreKind.CLICKHOUSE && !cfg.isSet(Setting.DATA_DIR)) {
            // No collector's folder is implied: ./candor-data would be a surprise the collectors never serve.
            throw new ConfigException("publish --store clickhouse: give --out FOLDER (the folder the collectors"
                    + " serve /data/ from is <their data-dir>/published), or data-dir");
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "publish");
        Path outDir = out != null ? out : cfg.publishedDir();
        PublishReport r;
        try (Backend backend = Backends.openExisting(cfg)) {
            r = backend.publish(
                    tool,
                    q,
                    cfg.publishK(),
                    dev.candor.collector.publish.Period.parse(cfg.publishPeriod()),
                    outDir,
                    progress);
        }
        progress.finish();
        spec.commandLine().getOut().println(r.summary());
        spec.commandLine().getOut().println("file: " + r.file().toAbsolutePath());
        spec.commandLine().getOut().println("data dictionary: " + r.dictionary().toAbsolutePath());
        return 0;
    }
}
