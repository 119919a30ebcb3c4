package dev.candor.bench.publish;

import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.DuckDbUsageSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4's benchmark: N raw events (default 10 million) generated into a fresh store by SQL, then
 * timed: the full aggregation (rebuild of daily_usage from raw) and a quarter's publish, against
 * the ceiling of a plain DuckDB {@code GROUP BY ... COPY TO} of the same events. Reports medians of
 * the repeats, their ratio, and the peak resident memory of this process (the collector's code and
 * DuckDB in one JVM, as in the collector).
 */
public final class PublishBenchmark {
    private PublishBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = 10_000_000;
        int machines = 50_000;
        int repeats = 3;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--machines" -> machines = Integer.parseInt(args[++i].replace("_", ""));
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--dir" -> keep = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: PublishBenchmark [--events N] [--machines N] [--repeats N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        // --dir keeps the generated store for experiments, and reuses it when it is already there.
        Path dir = keep != null ? keep : Files.createTempDirectory("candor-publish-bench");
        try {
            run(dir, events, machines, repeats, keep != null && Files.exists(dir.resolve(DuckDbEventStore.FILE_NAME)));
        } finally {
            if (keep == null) {
                SyntheticStore.delete(dir);
            }
        }
    }

    private static void run(Path dir, long events, int machines, int repeats, boolean reuse) throws Exception {
        Quarter quarter = new Quarter(2026, 3);
        long t0 = System.nanoTime();
        if (!reuse) {
            SyntheticStore.generate(dir, events, machines, quarter);
            System.err.printf(
                    Locale.ROOT, "generated %,d raw events of %,d machines in %.1f s%n", events, machines, secs(t0));
        }

        List<Double> aggregate = new ArrayList<>();
        List<Double> publish = new ArrayList<>();
        List<Double> ceiling = new ArrayList<>();
        PublishReport report = null;
        long openMillis;
        long usageRows = 0;
        long t = System.nanoTime();
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            openMillis = (System.nanoTime() - t) / 1_000_000;
            for (int r = 0; r < repeats; r++) {
                t = System.nanoTime();
                usageRows = store.rebuildUsage(quarter.firstDay());
                aggregate.add(secs(t));
                t = System.nanoTime();
                try (Connection c = store.newReader()) {
                    report = new QuarterlyPublisher(new DuckDbUsageSource(c))
                            .publish("forge", quarter, 10, dir.resolve("published"), QuarterlyPublisher.Progress.NONE);
                }
                publish.add(secs(t));
                t = System.nanoTime();
                try (Connection c = store.newReader();
                        Statement s = c.createStatement()) {
                    s.execute("COPY (SELECT strftime(event_time::DATE, '%-m/%-d/%Y 0:00') AS \"Timestamp\", count(*) AS"
                            + " \"Occurrences\", command AS \"Command\", geography AS \"Geography\", os_family AS \"OSFamily\","
                            + " runtime_id AS \"RuntimeID\", os_version AS \"OSVersion\", tool_version AS \"SDKVersion\""
                            + " FROM events WHERE tool = 'forge' AND event_name = 'cli.command' AND event_time >= '"
                            + quarter.firstDay() + "' AND event_time < '"
                            + quarter.lastDay().plusDays(1) + "'"
                            + " GROUP BY ALL ORDER BY ALL) TO '" + dir.resolve("ceiling.tsv")
                            + "' (DELIMITER '\t', HEADER)");
                }
                ceiling.add(secs(t));
                System.err.printf(
                        Locale.ROOT,
                        "repeat %d: aggregate %.2f s, publish %.2f s, plain GROUP BY + COPY %.2f s%n",
                        r + 1,
                        aggregate.get(r),
                        publish.get(r),
                        ceiling.get(r));
            }
        }
        double agg = median(aggregate);
        double pub = median(publish);
        double ceil = median(ceiling);
        System.out.printf(
                Locale.ROOT,
                "| raw events | machines | daily_usage rows | aggregate (s) | publish (s) | **aggregate +"
                        + " publish (s)** | plain GROUP BY + COPY (s) | ratio | published rows | peak RSS (MiB) | store open (s) |%n");
        System.out.printf(Locale.ROOT, "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n");
        System.out.printf(
                Locale.ROOT,
                "| %,d | %,d | %,d | %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) | **%.2f** | %.2f (%.2f-%.2f) |"
                        + " %.1fx | %,d | %,d | %.1f |%n",
                events,
                machines,
                usageRows,
                agg,
                min(aggregate),
                max(aggregate),
                pub,
                min(publish),
                max(publish),
                agg + pub,
                ceil,
                min(ceiling),
                max(ceiling),
                (agg + pub) / ceil,
                report.rowsPublished(),
                peakRssMiB(),
                openMillis / 1000.0);
        System.out.println();
        System.out.println(report.summary());
        System.out.printf(
                Locale.ROOT,
                "JVM: %s %s, %d CPUs, max heap %,d MiB%n",
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20;
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Comparator.naturalOrder());
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
