package dev.candor.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.testing.ClickHouseServer;
import dev.candor.collector.testing.KafkaCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * The scale-out path on this machine, end to end: the load generator → a collector with
 * {@code --sink kafka} → an in-process Kafka broker (KRaft) → M loaders → a ClickHouse server. Each
 * repeat uses a fresh topic and database. Measures the generator's acknowledged events/s, the events/s
 * from the first request to the last event in ClickHouse, the largest lag (events acknowledged by Kafka
 * and not yet in ClickHouse) and how long the loaders took to drain it after the generator stopped.
 *
 * <p>Run by bench/run-scale.sh: {@code --events N --repeats N --loaders M --partitions P --connections C}.
 */
@SuppressWarnings("try") // close() waits for a process or a server to end, which may be interrupted
public final class ScaleBenchmark {
    private static final Pattern URL = Pattern.compile("Candor collector on (https?://[^ ]+) ");
    private static final Pattern PRODUCED = Pattern.compile("(?m)^candor_kafka_events_produced_total (\\d+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Run(
            long events,
            double ingestPerSecond,
            double endToEndPerSecond,
            long maxLag,
            double drainSeconds,
            double p99Ms) {}

    public static void main(String[] args) throws Exception {
        long events = 600_000;
        int repeats = 3;
        int loaders = 1;
        int partitions = 4;
        int connections = 8;
        boolean separate = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--loaders" -> loaders = Integer.parseInt(args[i + 1]);
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--mode" -> separate = args[i + 1].equals("separate");
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + " (--events, --repeats, --loaders, --partitions, --connections, --mode concurrent|separate)");
            }
        }
        Path work = Files.createTempDirectory("candor-scale");
        // Stopped early (Ctrl-C): the collectors, loaders and generator it started go too.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "scale-cleanup"));
        KafkaClusterTestKit kafka = KafkaCluster.startCluster();
        List<Run> runs = new ArrayList<>();
        try (ClickHouseServer clickhouse = ClickHouseServer.start()) {
            for (int r = 1; r <= repeats; r++) {
                // Created by the operator beforehand, as in production: not timed, and not by a busy collector.
                try (Admin admin = kafka.admin()) {
                    admin.createTopics(List.of(new NewTopic("bench-" + r, partitions, (short) 1)))
                            .all()
                            .get();
                }
                Run run = once(
                        r,
                        work,
                        kafka.bootstrapServers(),
                        clickhouse.url(),
                        events,
                        loaders,
                        partitions,
                        connections,
                        separate);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %,d events; ingest %,.0f events/s (p99 %.0f ms); end to end %,.0f"
                                + " events/s; max lag %,d events; drained %.1f s after the generator stopped%n",
                        r,
                        run.events,
                        run.ingestPerSecond,
                        run.p99Ms,
                        run.endToEndPerSecond,
                        run.maxLag,
                        run.drainSeconds);
                runs.add(run);
            }
        } finally {
            kafka.close();
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "median of %d: ingest %,.0f events/s (range %,.0f-%,.0f); end to end %,.0f events/s"
                        + " (range %,.0f-%,.0f); max lag %,d events; drain %.1f s; loaders %d, partitions %d, connections %d%n",
                runs.size(),
                median(runs, Run::ingestPerSecond),
                min(runs, Run::ingestPerSecond),
                max(runs, Run::ingestPerSecond),
                median(runs, Run::endToEndPerSecond),
                min(runs, Run::endToEndPerSecond),
                max(runs, Run::endToEndPerSecond),
                (long) median(runs, x -> x.maxLag),
                median(runs, Run::drainSeconds),
                loaders,
                partitions,
                connections);
    }

    /**
     * One repeat. Concurrent: loaders run while the generator sends (end to end). Separate: the generator
     * fills the topic first, then the loaders start; "end to end" is then the loaders' own rate, from
     * their start (JVM start and joining the group included) to the last event in ClickHouse.
     */
    private static Run once(
            int repeat,
            Path work,
            String bootstrap,
            URI clickhouse,
            long events,
            int loaders,
            int partitions,
            int connections,
            boolean separate)
            throws Exception {
        String topic = "bench-" + repeat; // created by main
        String database = "bench_" + repeat;
        Path dir = work.resolve("run-" + repeat);
        Files.createDirectories(dir);
        List<String> env = List.of(
                "CANDOR_KAFKA_TOPIC=" + topic,
                "CANDOR_KAFKA_PARTITIONS=" + partitions,
                "CANDOR_RATE_LIMIT_PER_KEY=0",
                "CANDOR_RATE_LIMIT_PER_NETWORK=0",
                "CANDOR_SERVER_SECRET=" + "bench-secret-shared-by-every-collector-0123456789");
        Process collector = candor(
                env,
                dir.resolve("collector.log"),
                false,
                "serve",
                "--port",
                "0",
                "--data-dir",
                dir.toString(),
                "--sink",
                "kafka",
                "--kafka-bootstrap",
                bootstrap);
        List<Process> loaderProcesses = new ArrayList<>();
        try {
            URI url = collectorUrl(collector);
            if (!separate) {
                startLoaders(loaderProcesses, loaders, env, dir, bootstrap, clickhouse, database);
            }
            long started = System.nanoTime();
            Process generator = candor(
                    List.of(),
                    dir.resolve("loadgen.json"),
                    true,
                    "loadgen",
                    "--url",
                    url.toString(),
                    "--events",
                    Long.toString(events),
                    "--connections",
                    Integer.toString(connections),
                    "--seed",
                    Integer.toString(repeat),
                    "--json");
            long maxLag = 0;
            while (generator.isAlive()) {
                maxLag = Math.max(maxLag, produced(url) - loaded(clickhouse, database));
                generator.waitFor(500, TimeUnit.MILLISECONDS);
            }
            if (separate) {
                started = System.nanoTime();
                startLoaders(loaderProcesses, loaders, env, dir, bootstrap, clickhouse, database);
            }
            long generatorDone = System.nanoTime();
            JsonNode report = new ObjectMapper().readTree(lastLine(dir.resolve("loadgen.json")));
            long acknowledged = report.get("eventsAcknowledged").asLong();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long loaded;
            while ((loaded = loaded(clickhouse, database)) < acknowledged) {
                maxLag = Math.max(maxLag, produced(url) - loaded);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("loaders did not catch up: " + loaded + " of " + acknowledged);
                }
                Thread.sleep(200);
            }
            long finished = System.nanoTime();
            return new Run(
                    acknowledged,
                    report.get("eventsPerSecond").asDouble(),
                    acknowledged / ((finished - started) / 1e9),
                    maxLag,
                    (finished - generatorDone) / 1e9,
                    report.get("latencyMs").get("p99").asDouble());
        } finally {
            for (Process p : loaderProcesses) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            collector.destroy();
            collector.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void startLoaders(
            List<Process> into,
            int loaders,
            List<String> env,
            Path dir,
            String bootstrap,
            URI clickhouse,
            String database)
            throws IOException {
        for (int l = 0; l < loaders; l++) {
            into.add(candor(
                    env,
                    dir.resolve("loader-" + l + ".log"),
                    true,
                    "load",
                    "--from",
                    "kafka",
                    "--to",
                    "clickhouse",
                    "--kafka-bootstrap",
                    bootstrap,
                    "--clickhouse-url",
                    clickhouse.toString(),
                    "--clickhouse-database",
                    database));
        }
    }

    private static Process candor(List<String> env, Path log, boolean toFile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-jar",
                "collector/target/candor.jar"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (toFile) {
            pb.redirectOutput(log.toFile());
        }
        pb.environment().keySet().removeIf(k -> k.startsWith("CANDOR_"));
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        return pb.start();
    }

    private static URI collectorUrl(Process collector) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(
                        () -> {
                            try {
                                while (out.readLine() != null) {
                                    // the collector's log is not needed; reading keeps its pipe from filling
                                }
                            } catch (IOException ignored) {
                                // it stopped
                            }
                        },
                        "collector-output");
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
        }
        throw new IllegalStateException("the collector did not start:\n" + seen);
    }

    private static long produced(URI collector) throws Exception {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(collector.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = PRODUCED.matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Rows in ClickHouse (without FINAL: cheap, and the benchmark replays nothing). */
    private static long loaded(URI clickhouse, String database) throws Exception {
        String sql = "SELECT count() FROM " + database + ".events";
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(clickhouse.resolve("/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Long.parseLong(r.body().strip()) : 0; // 404/500 until a loader made the table
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return lines.get(i);
            }
        }
        throw new IllegalStateException("the load generator printed no report: " + String.join("\n", lines));
    }

    private interface Figure {
        double of(Run r);
    }

    private static double median(List<Run> runs, Figure f) {
        double[] v = runs.stream().mapToDouble(f::of).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Run> runs, Figure f) {
        return runs.stream().mapToDouble(f::of).min().orElse(0);
    }

    private static double max(List<Run> runs, Figure f) {
        return runs.stream().mapToDouble(f::of).max().orElse(0);
    }
}
