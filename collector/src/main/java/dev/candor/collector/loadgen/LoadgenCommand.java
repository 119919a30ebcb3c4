package dev.candor.collector.loadgen;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code candor loadgen}: simulated forge installations sending telemetry to a collector, for sizing
 * and benchmarks. Progress goes to stderr once a second, the summary to stdout ({@code --json} for
 * scripts). Exits 1 when not a single event was acknowledged (wrong URL or key), else 0.
 */
@Command(
        name = "loadgen",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sends simulated forge telemetry to a collector: many machines with realistic OS, version and "
                    + "command mixes, OTLP/JSON with gzip, keep-alive connections.",
            "Only acknowledged events count; 429 and 503 answers are counted, never retried. With --rate, requests "
                    + "are paced (open loop) and latency is measured from when each request was due."
        })
public final class LoadgenCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "collector base URL (default: ${DEFAULT-VALUE})",
            defaultValue = "http://127.0.0.1:4318")
    URI url;

    @Option(
            names = "--key",
            description = "ingest key (default: ${DEFAULT-VALUE})",
            defaultValue = "forge-public-ingest-key")
    String key;

    @Option(
            names = "--tool",
            description = "tool id sent as service.name (default: ${DEFAULT-VALUE})",
            defaultValue = "forge")
    String tool;

    @Option(
            names = "--machines",
            paramLabel = "N",
            description = "simulated installations (default: ${DEFAULT-VALUE})",
            defaultValue = "10000")
    int machines;

    @Option(
            names = "--batch",
            paramLabel = "N",
            description = "events per request (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    int batch;

    @Option(
            names = "--connections",
            paramLabel = "N",
            description = "concurrent keep-alive connections, one sender thread each (default: ${DEFAULT-VALUE})",
            defaultValue = "16")
    int connections;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description = "paced rate in events per second; 0 sends as fast as possible (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    long rate;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            description = "how long to send: 500ms, 30s, 5m (default: ${DEFAULT-VALUE})",
            defaultValue = "30s")
    String duration;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "send this many events instead of running for --duration")
    long events;

    @Option(
            names = "--forwarded-for",
            description = "add X-Forwarded-For with each machine's public address (from many countries); "
                    + "the collector must trust this host in trusted-proxies")
    boolean forwardedFor;

    @Option(
            names = "--seed",
            description =
                    "seed of the machines and the event mix (default: ${DEFAULT-VALUE}); " + "event ids are always new",
            defaultValue = "1")
    long seed;

    @Option(
            names = "--timeout",
            paramLabel = "TIME",
            description = "per-request timeout (default: ${DEFAULT-VALUE})",
            defaultValue = "30s")
    String timeout;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description = "PEM file of CA certificates to trust, for an HTTPS collector with a private CA")
    java.nio.file.Path caFile;

    @Override
    public Integer call() throws InterruptedException {
        LoadPlan plan;
        try {
            plan = LoadPlan.builder()
                    .url(url)
                    .key(key)
                    .tool(tool)
                    .machines(machines)
                    .batch(batch)
                    .connections(connections)
                    .eventsPerSecond(rate)
                    .duration(duration("--duration", duration))
                    .events(events)
                    .forwardedFor(forwardedFor)
                    .seed(seed)
                    .timeout(duration("--timeout", timeout))
                    .caFile(caFile)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("loadgen: " + describe(plan));
        LoadReport report;
        try {
            report = LoadGenerator.run(plan, err);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.text());
        out.flush();
        return report.eventsAcknowledged() > 0 ? 0 : 1;
    }

    private static String describe(LoadPlan plan) {
        return String.format(
                Locale.ROOT,
                "%s, %,d machines, %d events per request, %d connections, %s, %s",
                plan.logsUrl(),
                plan.machines(),
                plan.batch(),
                plan.connections(),
                plan.eventsPerSecond() == 0
                        ? "as fast as possible"
                        : String.format(Locale.ROOT, "%,d events/s", plan.eventsPerSecond()),
                plan.events() > 0
                        ? String.format(Locale.ROOT, "%,d events", plan.events())
                        : "for " + plan.duration().toMillis() / 1000.0 + " s");
    }

    private Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + ": '" + text + "' is not a duration such as 500ms, 30s or 5m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
