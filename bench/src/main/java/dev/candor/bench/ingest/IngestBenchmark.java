package dev.candor.bench.ingest;

import dev.candor.bench.MachineFacts;
import dev.candor.collector.loadgen.LoadGenerator;
import dev.candor.collector.loadgen.LoadPlan;
import dev.candor.collector.loadgen.LoadReport;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Collector ingest on this machine, in one run (issue 3): the real collector in its own JVM at the
 * load generator's max rate, then paced at half of it, with every acknowledged event checked in the
 * store afterwards; the same load against the HTTP ceiling (Jetty that only reads and gunzips); the
 * storage ceiling (the same rows through the store with no HTTP); bytes on disk per event. The
 * generator runs in this JVM. Prints a markdown report.
 */
@SuppressWarnings("try") // close() waits for a process or a server to end, which may be interrupted
public final class IngestBenchmark {
    private static final PrintWriter ERR = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    private static final long SEED = 1;

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        IngestOptions o;
        try {
            o = IngestOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-ingest: " + e.getMessage());
            System.err.println(IngestOptions.USAGE);
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.println(IngestOptions.USAGE);
            return;
        }
        Path work = Files.createTempDirectory("candor-ingest-bench");
        Instant started = Instant.now();
        MachineFacts machine = MachineFacts.collect(work);
        log("machine: " + machine.nproc() + " × " + machine.cpu() + ", " + machine.memory() + ", " + machine.java());

        Path data = work.resolve("collector-data");
        List<Measured> collectorRuns = new ArrayList<>();
        Measured half;
        long acknowledged = 0;
        boolean stoppedCleanly;
        try (ServerProcess collector = ServerProcess.start(
                collectorCommand(o, data),
                Map.of("CANDOR_RATE_LIMIT_PER_KEY", "0", "CANDOR_RATE_LIMIT_PER_NETWORK", "0"),
                "Candor collector on ",
                work.resolve("collector.log"))) {
            log("collector: " + collector.url() + " (pid " + collector.pid() + ", data in " + data + ")");
            acknowledged += warmUp(o, collector);
            for (int i = 1; i <= o.repeats(); i++) {
                log("collector, max rate, run " + i + " of " + o.repeats());
                Measured m = measure(collector, plan(o, collector.url(), 0, o.seconds()));
                acknowledged += m.load().eventsAcknowledged();
                collectorRuns.add(m);
            }
            long halfRate = Math.max(1, Math.round(median(collectorRuns).eventsPerSecond() / 2));
            log("collector, paced at " + halfRate + " events/s");
            half = measure(collector, plan(o, collector.url(), halfRate, o.halfSeconds()));
            acknowledged += half.load().eventsAcknowledged();
            log("stopping the collector (graceful: commits and checkpoints)");
            stoppedCleanly = collector.stop();
        }
        StoreCheck store = StoreCheck.of(data);
        log("store: " + store.rows() + " rows, " + store.distinctIds() + " distinct ids, " + acknowledged
                + " acknowledged");

        List<Measured> ceilingRuns = new ArrayList<>();
        try (ServerProcess ceiling = ServerProcess.start(
                ceilingCommand(o), Map.of(), HttpCeilingServer.READY, work.resolve("ceiling.log"))) {
            log("HTTP ceiling: " + ceiling.url() + " (pid " + ceiling.pid() + ")");
            warmUp(o, ceiling);
            for (int i = 1; i <= o.repeats(); i++) {
                log("HTTP ceiling, max rate, run " + i + " of " + o.repeats());
                ceilingRuns.add(measure(ceiling, plan(o, ceiling.url(), 0, o.seconds())));
            }
        }

        log("storage ceiling: preparing rows");
        StorageCeiling storage = StorageCeiling.prepare(100_000, SEED);
        Path storageData = work.resolve("storage-data");
        List<Double> storageLarge = new ArrayList<>();
        List<Double> storageSmall = new ArrayList<>();
        try (DuckDbEventStore s = DuckDbEventStore.open(storageData)) {
            storage.run(s, 50_000, 2); // warm-up: JIT and DuckDB's first allocations
            for (int i = 1; i <= o.repeats(); i++) {
                log("storage ceiling, 50,000-row batches, run " + i + " of " + o.repeats());
                storageLarge.add(storage.run(s, 50_000, o.storageSeconds()));
                log("storage ceiling, 5,000-row batches, run " + i + " of " + o.repeats());
                storageSmall.add(storage.run(s, 5_000, o.storageSeconds()));
            }
        }
        StoreCheck storageStore = StoreCheck.of(storageData);
        log("storage ceiling, rows as schema version 1 stored them (each run's attributes in every event)");
        StorageCeiling wholeRows = storage.asWholeRows();
        Path wholeData = work.resolve("storage-whole-data");
        List<Double> storageWhole = new ArrayList<>();
        try (DuckDbEventStore s = DuckDbEventStore.open(wholeData)) {
            wholeRows.run(s, 50_000, 2);
            for (int i = 1; i <= o.repeats(); i++) {
                log("storage ceiling, whole rows, 50,000-row batches, run " + i + " of " + o.repeats());
                storageWhole.add(wholeRows.run(s, 50_000, o.storageSeconds()));
            }
        }
        StoreCheck wholeStore = StoreCheck.of(wholeData);

        String report = new IngestReport(
                        o,
                        machine,
                        started,
                        collectorRuns,
                        half,
                        acknowledged,
                        stoppedCleanly,
                        store,
                        ceilingRuns,
                        storageLarge,
                        storageSmall,
                        storageStore,
                        storageWhole,
                        wholeStore)
                .markdown();
        System.out.print(report);
        if (o.out() != null) {
            Files.writeString(o.out(), report, StandardCharsets.UTF_8);
            log("report written to " + o.out());
        }
        log("logs of the servers: " + work.resolve("collector.log") + ", " + work.resolve("ceiling.log"));
        deleteStores(data, storageData, wholeData);
    }

    private static List<String> collectorCommand(IngestOptions o, Path data) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(o.serverJavaOptions());
        cmd.addAll(List.of(
                "-jar",
                Path.of("collector", "target", "candor.jar").toAbsolutePath().toString(),
                "serve",
                "--port",
                "0",
                "--data-dir",
                data.toString()));
        return cmd;
    }

    private static List<String> ceilingCommand(IngestOptions o) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(o.serverJavaOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpCeilingServer.class.getName()));
        return cmd;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static LoadPlan plan(IngestOptions o, URI url, long rate, int seconds) {
        return LoadPlan.builder()
                .url(url)
                .connections(o.connections())
                .eventsPerSecond(rate)
                .duration(Duration.ofSeconds(seconds))
                .seed(SEED)
                .build();
    }

    /** Unmeasured load first, so that both JVMs have compiled their hot paths; returns what was acknowledged. */
    private static long warmUp(IngestOptions o, ServerProcess server) throws InterruptedException {
        if (o.warmupSeconds() == 0) {
            return 0;
        }
        log("warm-up, " + o.warmupSeconds() + " s");
        return LoadGenerator.run(plan(o, server.url(), 0, o.warmupSeconds()), null)
                .eventsAcknowledged();
    }

    private static Measured measure(ServerProcess server, LoadPlan plan) throws InterruptedException {
        Map<String, Double> before = ThreadCpu.snapshot(server.pid());
        long start = System.nanoTime();
        LoadReport report = LoadGenerator.run(plan, ERR);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cores = ThreadCpu.cores(before, ThreadCpu.snapshot(server.pid()), wall);
        log(String.format(
                java.util.Locale.ROOT,
                "  %,.0f events/s, p50 %.1f ms, p99 %.1f ms, %d failed requests",
                report.eventsPerSecond(),
                report.latency().p50(),
                report.latency().p99(),
                report.failedRequests()));
        return new Measured(report, cores);
    }

    /** The run with the median throughput (the lower middle one for an even count). */
    static Measured median(List<Measured> runs) {
        List<Measured> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measured::eventsPerSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static void deleteStores(Path... dirs) throws IOException {
        for (Path dir : dirs) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void log(String line) {
        ERR.println("run-ingest: " + line);
    }
}
