package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.loadgen.LoadGenerator;
import dev.candor.collector.loadgen.LoadPlan;
import dev.candor.collector.loadgen.LoadReport;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.server.CollectorServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * {@code candor demo}: the whole system in one command. Starts the collector on the embedded store,
 * sends a quarter of simulated forge usage through the real wire path (OTLP/JSON, gzip, HTTP, with
 * client addresses from many countries behind a trusted proxy), publishes that quarter, says where
 * everything is, and keeps serving (or exits, with {@code --exit}). Event ids follow from the seed,
 * so running it again on the same folder stores nothing twice.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Runs the collector with a simulated quarter of forge usage, published.",
        description = {
            "Starts the collector on ./candor-data, simulates a quarter of forge usage by many machines",
            "through the real OTLP/HTTP path, publishes the quarter, and serves until Ctrl-C (or exits with --exit)."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--exit", description = "exit when the files are published instead of serving on")
    boolean exit;

    @Option(names = "--port", description = "TCP port (default 4318; 0 picks a free one)")
    int port = 4318;

    @Option(names = "--data-dir", description = "store folder (default ./candor-data)")
    Path dataDir = Path.of("candor-data");

    @Option(names = "--machines", description = "simulated installations (default 2000)")
    int machines = 2000;

    @Option(names = "--events", description = "events to send over the quarter (default 500000)")
    long events = 500_000;

    @Option(names = "--quarter", description = "the quarter to simulate (default: the last one that ended)")
    String quarter;

    @Option(names = "--seed", description = "seed of the simulation (default 1)")
    long seed = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Quarter q;
        try {
            q = quarter == null ? Quarter.of(today).previous() : Quarter.parse(quarter);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--quarter: " + e.getMessage());
        }
        if (machines < 1 || events < 1) {
            throw new ConfigException("--machines and --events must be at least 1");
        }
        CollectorConfig cfg = CollectorConfig.load(settings(q, today), List.of(), null, System.getenv());
        try (CollectorServer server = CollectorServer.start(cfg)) {
            String base = "http://127.0.0.1:" + server.port();
            out.printf(Locale.ROOT, "Candor demo: collector on %s, store in %s%n", base, cfg.dataDir());
            out.printf(
                    Locale.ROOT,
                    "Simulating %s: %,d forge events from %,d machines, OTLP/JSON over HTTP with client"
                            + " addresses from many countries (X-Forwarded-For through a trusted proxy)...%n",
                    q,
                    events,
                    machines);
            out.flush();
            LoadPlan plan = LoadPlan.builder()
                    .url(server.baseUri())
                    .machines(machines)
                    .events(events)
                    .forwardedFor(true)
                    .window(
                            q.firstDay().atStartOfDay().toInstant(ZoneOffset.UTC),
                            q.lastDay().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                    .repeatableIds(true)
                    .seed(seed)
                    .connections(8)
                    .batch(20)
                    .build(); // a few queued runs per request, as the SDK sends
            LoadReport sent = LoadGenerator.run(plan, err);
            out.printf(
                    Locale.ROOT,
                    "Sent %,d events in %.1f s: %,d acknowledged (stored once each), %,d refused%n",
                    sent.eventsSent(),
                    sent.seconds(),
                    sent.eventsAcknowledged(),
                    sent.eventsSent() - sent.eventsAcknowledged());
            long rows = server.journal().run(s -> s.compactUsage()).get();
            int days = server.dashboard().refresh();
            out.printf(
                    Locale.ROOT,
                    "Aggregated: %,d rows in daily_usage; the dashboard's rollup is up to date (%d days"
                            + " recomputed now)%n",
                    rows,
                    days);
            ProgressLine progress = new ProgressLine(err, "publish");
            PublishReport report;
            report = server.backend()
                    .publish(
                            "forge",
                            q,
                            cfg.publishK(),
                            dev.candor.collector.publish.Period.parse(cfg.publishPeriod()),
                            cfg.publishedDir(),
                            progress);
            progress.finish();
            out.println(report.summary());
            out.println();
            out.println("Published data:  " + base + "/data/   (" + base + "/data/"
                    + report.file().getFileName() + ")");
            out.println("Dashboard:       " + base + "/   " + ServeCommand.tokenNotice(server, cfg));
            out.println("Metrics:         " + base + "/metrics");
            out.println("forge sends here too: "
                    + (server.port() == 4318 ? "" : "FORGE_TELEMETRY_ENDPOINT=" + base + " ") + "bin/forge build");
            out.println("Query the store once the demo has stopped: bin/candor sql --data-dir " + dataDir
                    + " \"SELECT geography, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC\"");
            out.flush();
            if (exit) {
                return 0;
            }
            out.println("Serving until Ctrl-C.");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "candor-shutdown"));
            server.join();
        }
        return 0;
    }

    /** The demo's settings: local only, behind "a proxy" (itself), no rate limits, raw events kept for the quarter. */
    private Map<Setting, String> settings(Quarter q, LocalDate today) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.HOST, "127.0.0.1");
        flags.put(Setting.PORT, Integer.toString(port));
        flags.put(Setting.DATA_DIR, dataDir.toString());
        flags.put(Setting.TRUSTED_PROXIES, "127.0.0.1, ::1");
        flags.put(Setting.RATE_LIMIT_PER_KEY, "0");
        flags.put(Setting.RATE_LIMIT_PER_NETWORK, "0");
        long sinceStart = ChronoUnit.DAYS.between(q.firstDay(), today);
        flags.put(Setting.RETENTION_DAYS, Long.toString(Math.max(90, sinceStart + 30)));
        return flags;
    }
}
