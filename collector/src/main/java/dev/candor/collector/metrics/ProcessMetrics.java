package dev.candor.collector.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What every Candor process adds to {@code /metrics}: its build, its process (CPU, memory, open files,
 * start time) and its JVM (heap, threads, garbage collection), under the names Prometheus' own clients
 * use, so existing dashboards and alerts apply.
 */
public final class ProcessMetrics implements Metrics.Source {
    private final String component;
    private final String version;

    /**
     * @param component {@code collector} or {@code loader}
     * @param version   Candor's version
     */
    public ProcessMetrics(String component, String version) {
        this.component = component;
        this.version = version;
    }

    @Override
    public void writeTo(Metrics.Exposition out) {
        out.labelled(
                "candor_build_info",
                "gauge",
                "Always 1; the labels name the build",
                "component=\"" + component + "\",version=\"" + version + "\",java=\""
                        + Runtime.version().feature() + "\"",
                1);
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean unix) {
            out.counterSeconds("process_cpu_seconds_total", "CPU time of this process", unix.getProcessCpuTime() / 1e9);
        }
        out.gaugeSeconds(
                "process_start_time_seconds",
                "When this process started, seconds since the epoch",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3);
        residentBytes().ifPresent(b -> out.gauge("process_resident_memory_bytes", "Resident memory", b));
        openFiles().ifPresent(n -> out.gauge("process_open_fds", "Open file descriptors", n));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        out.labelled("jvm_memory_used_bytes", "gauge", "JVM memory in use", "area=\"heap\"", heap.getUsed());
        out.labelled("jvm_memory_used_bytes", null, null, "area=\"nonheap\"", nonHeap.getUsed());
        out.labelled(
                "jvm_memory_max_bytes", "gauge", "Largest the JVM memory may grow", "area=\"heap\"", heap.getMax());
        out.gauge(
                "jvm_threads_live",
                "Live threads",
                ManagementFactory.getThreadMXBean().getThreadCount());
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        out.counterSeconds("jvm_gc_collection_seconds_total", "Time spent in garbage collection", gcMillis / 1e3);
        out.counter("jvm_gc_collections_total", "Garbage collections", gcCount);
    }

    /** Linux: the second field of {@code /proc/self/statm}, in pages. */
    private static java.util.OptionalLong residentBytes() {
        try {
            String[] statm =
                    Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return java.util.OptionalLong.of(Long.parseLong(statm[1]) * 4096);
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty(); // not Linux
        }
    }

    private static java.util.OptionalLong openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return java.util.OptionalLong.of(fds.count());
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
