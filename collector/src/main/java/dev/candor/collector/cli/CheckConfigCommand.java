package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.server.Preflight;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candor check-config}: every check {@code serve} makes at start, each reported, with nothing
 * written. Exit 0 when a start would pass (warnings allowed), 2 when it would not.
 */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a configuration as 'serve' would, without writing anything, and reports every check.",
            "Exit 0: a start would pass (warnings included); 2: it would stop, at the first FAILED line."
        })
public final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = "--config", description = "config file of 'key = value' lines")
    Path config;

    @Option(names = "--data-dir", description = "store folder (default ./candor-data, or the config's data-dir)")
    Path dataDir;

    @Option(names = "--port", description = "TCP port, as serve --port")
    Integer port;

    @Option(names = "--host", description = "address to listen on, as serve --host")
    String host;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    /** Reads this process's environment, as {@code serve} does. */
    public CheckConfigCommand() {
        this(System.getenv());
    }

    /** Reads {@code environment} instead of this process's (tests). */
    public CheckConfigCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        if (dataDir != null) {
            flags.put(Setting.DATA_DIR, dataDir.toString());
        }
        if (port != null) {
            flags.put(Setting.PORT, port.toString());
        }
        if (host != null) {
            flags.put(Setting.HOST, host);
        }
        CollectorConfig cfg;
        try {
            cfg = CollectorConfig.load(flags, List.of(), config, environment);
        } catch (ConfigException e) {
            line(out, "configuration", Preflight.Outcome.FAILED, e.getMessage());
            out.println("A start would stop here: fix the configuration, then run check-config again.");
            out.flush();
            return 2;
        }
        line(
                out,
                "configuration",
                Preflight.Outcome.OK,
                (config == null ? "no file" : config.toString()) + "; every key and CANDOR_* variable names a setting");
        List<Preflight.Finding> findings = Preflight.report(cfg, Instant.now());
        for (Preflight.Finding f : findings) {
            line(out, f.check(), f.outcome(), f.detail());
        }
        String failed = Preflight.failed(findings);
        long warnings = findings.stream()
                .filter(f -> f.outcome() == Preflight.Outcome.WARNING)
                .count();
        if (failed.isEmpty()) {
            out.println("A start would pass" + (warnings == 0 ? "." : ", with " + warnings + " warning(s)."));
        } else {
            out.println("A start would stop: " + failed + " failed."
                    + (failed.contains("listen") ? " (A collector that is running holds its own port.)" : ""));
        }
        out.flush();
        return failed.isEmpty() ? 0 : 2;
    }

    private static void line(PrintWriter out, String check, Preflight.Outcome outcome, String detail) {
        out.printf(
                Locale.ROOT,
                "%-8s %-16s %s%n",
                outcome == Preflight.Outcome.OK ? "ok" : outcome.name().toLowerCase(Locale.ROOT),
                check,
                detail);
    }
}
