package dev.candor.collector.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector as a separate process ({@code candor serve --port 0}), for what only a process can
 * show: {@code kill -9}, and everything it writes to its console. Output goes to {@code log}.
 */
public final class CollectorProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("Candor collector on (https?://[^ ]+) ");

    private final Process process;
    private final URI baseUri;
    private final Thread logPump;

    private CollectorProcess(Process process, URI baseUri, Thread logPump) {
        this.process = process;
        this.baseUri = baseUri;
        this.logPump = logPump;
    }

    public static CollectorProcess start(Path dataDir, Path log, Map<String, String> env, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.candor.collector.Candor",
                "serve",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString()));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CANDOR_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        URI uri = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (uri == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                uri = URI.create(m.group(1));
            }
        }
        Files.writeString(
                log,
                seen,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        if (uri == null) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("collector did not start:\n" + seen);
        }
        Thread pump = new Thread(
                () -> {
                    try {
                        String l;
                        while ((l = out.readLine()) != null) {
                            Files.writeString(
                                    log, l + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                        }
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                },
                "collector-log-pump");
        pump.setDaemon(true);
        pump.start();
        return new CollectorProcess(p, uri, pump);
    }

    /**
     * Every row's event id in a stopped collector's store, as many times as stored, after one more
     * start has replayed the journal into DuckDB (a start replays it before it listens).
     */
    public static List<String> storedEventIds(Path dataDir, Path log) throws Exception {
        try (CollectorProcess replay = start(dataDir, log, Map.of())) {
            replay.kill();
        }
        java.io.StringWriter out = new java.io.StringWriter();
        try (dev.candor.collector.store.duckdb.ReadOnlyStore store =
                dev.candor.collector.store.duckdb.ReadOnlyStore.open(
                        dataDir.resolve(dev.candor.collector.store.duckdb.DuckDbEventStore.FILE_NAME))) {
            store.query("SELECT event_id::VARCHAR FROM events", new java.io.PrintWriter(out));
        }
        return out.toString().lines().skip(1).toList();
    }

    public long pid() {
        return process.pid();
    }

    public URI baseUri() {
        return baseUri;
    }

    /** A number from the process's {@code /proc/<pid>/status}, such as {@code VmHWM} (kB) or {@code Threads}; -1 if absent. */
    public long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Waits up to {@code timeout} for the process to end by itself; true if it did (a crash, when nobody stopped it). */
    public boolean exitsWithin(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        logPump.join(10_000); // the log is complete when the method returns
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
