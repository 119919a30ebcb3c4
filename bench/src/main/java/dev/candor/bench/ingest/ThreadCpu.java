package dev.candor.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of another process's threads by kind, from {@code /proc/PID/task}: what the server spent
 * on HTTP and ingest threads, on its store writer, in DuckDB's own native threads, in garbage
 * collection and in the JIT compilers. Linux only; elsewhere it reads nothing.
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run on

    private ThreadCpu() {}

    /** CPU seconds so far per thread kind; a thread that ended since is missing from the later snapshot. */
    static Map<String, Double> snapshot(long pid) {
        Map<String, Double> seconds = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the ")" that closes the thread name: state is 3rd, utime 14th, stime 15th.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    seconds.merge(kind(name), s, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    /** {@code after - before} per kind, in cores over {@code wallSeconds}. */
    static Map<String, Double> cores(Map<String, Double> before, Map<String, Double> after, double wallSeconds) {
        Map<String, Double> cores = new TreeMap<>();
        after.forEach((kind, s) -> cores.put(kind, Math.max(0, s - before.getOrDefault(kind, 0.0)) / wallSeconds));
        return cores;
    }

    static String kind(String threadName) {
        if (threadName.startsWith("candor-http") || threadName.startsWith("ceiling-http")) {
            return "http+ingest";
        }
        if (threadName.startsWith("candor-store")) {
            return "store writer";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "gc";
        }
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return "jit";
        }
        // Threads DuckDB starts natively carry the name of the process ("java").
        if (threadName.equals("java")) {
            return "duckdb native";
        }
        return "other";
    }
}
