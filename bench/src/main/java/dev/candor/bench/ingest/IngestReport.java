package dev.candor.bench.ingest;

import dev.candor.bench.MachineFacts;
import dev.candor.collector.loadgen.LoadReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The markdown report of one {@link IngestBenchmark} run: the table, the checks and the goals. */
final class IngestReport {
    // Issue 15's goals, as ratios to the ceilings of the same run so that they hold on a noisy machine.
    private static final double GOAL_RATIO_TO_HTTP = 0.5;
    private static final double GOAL_CPU_RATIO = 4;
    private static final double GOAL_P99_MS = 50;
    private static final double GOAL_BYTES_PER_EVENT = 40;

    private final IngestOptions options;
    private final MachineFacts machine;
    private final Instant started;
    private final List<Measured> collector;
    private final Measured half;
    private final long acknowledged;
    private final boolean stoppedCleanly;
    private final StoreCheck store;
    private final List<Measured> ceiling;
    private final List<Double> storageLarge;
    private final List<Double> storageSmall;
    private final StoreCheck storageStore;
    private final List<Double> storageWhole;
    private final StoreCheck wholeStore;

    IngestReport(
            IngestOptions options,
            MachineFacts machine,
            Instant started,
            List<Measured> collector,
            Measured half,
            long acknowledged,
            boolean stoppedCleanly,
            StoreCheck store,
            List<Measured> ceiling,
            List<Double> storageLarge,
            List<Double> storageSmall,
            StoreCheck storageStore,
            List<Double> storageWhole,
            StoreCheck wholeStore) {
        this.options = options;
        this.machine = machine;
        this.started = started;
        this.collector = collector;
        this.half = half;
        this.acknowledged = acknowledged;
        this.stoppedCleanly = stoppedCleanly;
        this.store = store;
        this.ceiling = ceiling;
        this.storageLarge = storageLarge;
        this.storageSmall = storageSmall;
        this.storageStore = storageStore;
        this.storageWhole = storageWhole;
        this.wholeStore = wholeStore;
    }

    String markdown() {
        Measured c = IngestBenchmark.median(collector);
        Measured h = IngestBenchmark.median(ceiling);
        double storage = median(storageLarge);
        LoadReport load = c.load();
        boolean allCommitted = store.rows() == acknowledged && store.distinctIds() == store.rows();
        StringBuilder s = new StringBuilder();
        s.append(f(
                "### Last run (%s UTC%s)%n%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .withZone(ZoneOffset.UTC)
                        .format(started),
                options.label().isEmpty() ? "" : ", " + options.label()));
        s.append(f(
                "Machine: %s × %s, %s RAM, %s, kernel %s.%n%n",
                machine.nproc(), machine.cpu(), machine.memory(), machine.java(), machine.kernel()));
        s.append(f(
                "Load: 10,000 simulated forge machines (seed 1), %d events per request, %,.0f bytes of JSON and %.0f bytes "
                        + "of gzip per event, %d keep-alive connections; %d max-rate runs of %d s after %d s of warm-up.%n%n",
                load.batch(),
                load.bytesUncompressed() / (double) load.eventsSent(),
                load.bytesSent() / (double) load.eventsSent(),
                options.connections(),
                options.repeats(),
                options.seconds(),
                options.warmupSeconds()));
        s.append(
                "| measurement | events/s | runs (events/s) | p50 ms | p90 ms | p99 ms | max ms | server CPU (cores) | load generator CPU (cores) |\n");
        s.append("|---|--:|---|--:|--:|--:|--:|--:|--:|\n");
        row(s, "collector, max rate", c, collector);
        row(s, f("collector, paced at half (%,d events/s)", half.load().targetEventsPerSecond()), half, List.of(half));
        row(s, "HTTP ceiling (read + gunzip + 200), max rate", h, ceiling);
        s.append(f(
                "| storage ceiling (`DuckDbEventStore.insert`, 50,000-row batches) | **%,.0f** | %s | | | | | 1 thread | – |%n",
                storage, list(storageLarge)));
        s.append(f(
                "| storage ceiling, 5,000-row batches | %,.0f | %s | | | | | 1 thread | – |%n",
                median(storageSmall), list(storageSmall)));
        s.append(f(
                "| probe: storage ceiling with rows as schema version 1 stored them (each run's attributes in every "
                        + "event's `properties`), 50,000-row batches | %,.0f | %s | | | | | 1 thread | – |%n%n",
                median(storageWhole), list(storageWhole)));
        s.append(f(
                "Ratios (medians): collector / HTTP ceiling = **%.2f**; collector / storage ceiling (50,000-row batches) "
                        + "= **%.2f**.%n%n",
                c.eventsPerSecond() / h.eventsPerSecond(), c.eventsPerSecond() / storage));
        s.append(f(
                "Every acknowledged event committed: %,d acknowledged over all collector runs (warm-up included), %,d rows "
                        + "in the store after a %s stop, %,d distinct event ids: **%s**.%n%n",
                acknowledged,
                store.rows(),
                stoppedCleanly ? "graceful" : "FORCED",
                store.distinctIds(),
                allCommitted ? "yes" : "NO"));
        s.append(f(
                "Bytes on disk per stored event: **%.0f B** in the collector's store (%,.1f MB file + %,.1f MB WAL for "
                        + "%,d rows, after the graceful stop's checkpoint); %.0f B in the storage ceiling's (%,d rows).%n%n",
                store.bytesPerRow(),
                store.fileBytes() / 1e6,
                store.walBytes() / 1e6,
                store.rows(),
                storageStore.bytesPerRow(),
                storageStore.rows()));
        s.append(f(
                "The whole-row probe's store: %.0f B per event (%,d rows), the rows as schema version 1 stored them.%n%n",
                wholeStore.bytesPerRow(), wholeStore.rows()));
        double collectorMicros = c.serverCoresTotal() / c.eventsPerSecond() * 1e6;
        double ceilingMicros = h.serverCoresTotal() / h.eventsPerSecond() * 1e6;
        s.append(f(
                "Server CPU per event: collector **%.1f µs** at max rate, HTTP ceiling %.1f µs: **%.1f ×**.%n%n",
                collectorMicros, ceilingMicros, collectorMicros / ceilingMicros));
        s.append("Where the CPU went, in cores (median max-rate run; a 2-core machine has 2):\n\n");
        cpuTable(
                s,
                List.of("collector, max rate", "collector, half rate", "HTTP ceiling, max rate"),
                List.of(c, half, h));
        s.append("\n| goal (issue 15) | measured | met |\n|---|---|---|\n");
        double ratio = c.eventsPerSecond() / h.eventsPerSecond();
        s.append(f(
                "| max rate ≥ %.1f × the HTTP ceiling, every acknowledged event committed | %.2f × (%,.0f of %,.0f "
                        + "events/s); all committed: %s | %s |%n",
                GOAL_RATIO_TO_HTTP,
                ratio,
                c.eventsPerSecond(),
                h.eventsPerSecond(),
                allCommitted ? "yes" : "no",
                yesNo(ratio >= GOAL_RATIO_TO_HTTP && allCommitted)));
        s.append(f(
                "| CPU per stored event ≤ %.0f × the HTTP ceiling's | %.1f × (%.1f µs against %.1f µs) | %s |%n",
                GOAL_CPU_RATIO,
                collectorMicros / ceilingMicros,
                collectorMicros,
                ceilingMicros,
                yesNo(collectorMicros <= GOAL_CPU_RATIO * ceilingMicros)));
        s.append(f(
                "| p99 ≤ %.0f ms paced at half the measured maximum | %.1f ms at %,d events/s (this run; the goal asks "
                        + "for 5 of 5 runs) | %s |%n",
                GOAL_P99_MS,
                half.load().latency().p99(),
                half.load().targetEventsPerSecond(),
                yesNo(half.load().latency().p99() <= GOAL_P99_MS)));
        s.append(f(
                "| ≤ %.0f bytes on disk per event at 10 M events (embedded store) | %.0f B at %,d rows | %s |%n",
                GOAL_BYTES_PER_EVENT,
                store.bytesPerRow(),
                store.rows(),
                store.rows() >= 10_000_000
                        ? yesNo(store.bytesPerRow() <= GOAL_BYTES_PER_EVENT)
                        : "not measured at 10 M"));
        s.append(f(
                "| failed requests | collector %d, half rate %d, HTTP ceiling %d | %s |%n",
                collector.stream().mapToLong(m -> m.load().failedRequests()).sum(),
                half.load().failedRequests(),
                ceiling.stream().mapToLong(m -> m.load().failedRequests()).sum(),
                collector.stream().allMatch(m -> m.load().failedRequests() == 0)
                                && half.load().failedRequests() == 0
                        ? "none"
                        : "some"));
        return s.toString();
    }

    private static String yesNo(boolean met) {
        return met ? "yes" : "no";
    }

    private static void row(StringBuilder s, String name, Measured m, List<Measured> runs) {
        LoadReport.Latency l = m.load().latency();
        s.append(f(
                "| %s | **%,.0f** | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n",
                name,
                m.eventsPerSecond(),
                runs.size() == 1
                        ? "1 run"
                        : list(runs.stream().map(Measured::eventsPerSecond).toList()),
                l.p50(),
                l.p90(),
                l.p99(),
                l.max(),
                m.serverCoresTotal(),
                m.loadgenCores()));
    }

    private static void cpuTable(StringBuilder s, List<String> names, List<Measured> runs) {
        TreeSet<String> kinds = new TreeSet<>();
        runs.forEach(m -> kinds.addAll(m.serverCores().keySet()));
        s.append("| run | ").append(String.join(" | ", kinds)).append(" | server total | load generator |\n");
        s.append("|---|").append("--:|".repeat(kinds.size() + 2)).append('\n');
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Double> cores = runs.get(i).serverCores();
            s.append("| ")
                    .append(names.get(i))
                    .append(" | ")
                    .append(kinds.stream()
                            .map(k -> f("%.2f", cores.getOrDefault(k, 0.0)))
                            .collect(Collectors.joining(" | ")))
                    .append(f(
                            " | %.2f | %.2f |%n",
                            runs.get(i).serverCoresTotal(), runs.get(i).loadgenCores()));
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> f("%,.0f", v)).collect(Collectors.joining(" / "));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
