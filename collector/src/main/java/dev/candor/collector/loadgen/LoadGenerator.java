package dev.candor.collector.loadgen;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends simulated forge telemetry to a collector, the way many installations' SDKs would: OTLP/JSON,
 * gzip, one keep-alive HTTP/1.1 connection per sender thread, paced or as fast as possible.
 *
 * <pre>{@code
 * LoadReport report = LoadGenerator.run(LoadPlan.builder().events(100_000).build(), null);
 * System.out.println(report.text());
 * }</pre>
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    /**
     * TLS that trusts the JVM's authorities and the CA certificates of {@code pem} (the collector's own,
     * for a self-signed one).
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) {
        try {
            return dev.candor.common.TrustedCertificates.contextWithExtra(pem);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--cacert: cannot use " + pem + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Runs the plan and waits for every request to be answered (or to time out).
     *
     * @param progress where a line goes once a second (events/s); null for none
     */
    public static LoadReport run(LoadPlan plan, PrintWriter progress) throws InterruptedException {
        HttpClient.Builder clients =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (plan.caFile().isPresent()) {
            clients.sslContext(trusting(plan.caFile().get()));
        }
        HttpClient client = clients.build();
        SimulatedFleet fleet = new SimulatedFleet(plan.tool(), plan.machines(), plan.seed());
        LiveTotals live = new LiveTotals();
        long cpuBefore = processCpuNanos();
        // The first requests are due a little after the threads exist, not before.
        Schedule schedule = new Schedule(plan, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        List<Sender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.connections(); i++) {
            Sender s = new Sender(plan, client, schedule, fleet.requests(i, plan), live);
            Thread t = new Thread(s, "candor-loadgen-" + i);
            t.setDaemon(true);
            senders.add(s);
            threads.add(t);
            t.start();
        }
        Thread reporter = progress == null ? null : startProgress(progress, schedule.startNanos(), live);
        try {
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            if (reporter != null) {
                reporter.interrupt();
                reporter.join();
            }
        }
        if (plan.events() == 0) {
            // A run of a set length lasts that long, even when its last request was sent (paced) or
            // failed (nothing listens) before the end: its rate is per second of the run.
            Schedule.waitUntil(schedule.startNanos() + plan.duration().toNanos());
        }
        long endNanos = System.nanoTime();
        return report(plan, senders, endNanos - schedule.startNanos(), (processCpuNanos() - cpuBefore) / 1e9);
    }

    /**
     * The run's totals. Its length is the wall time from the start until every sender ended: a run whose
     * requests all failed, or whose collector stopped answering halfway, still lasted as long as it ran.
     */
    private static LoadReport report(LoadPlan plan, List<Sender> senders, long elapsedNanos, double cpuSeconds) {
        LatencyHistogram latency = new LatencyHistogram();
        long[] statuses = new long[600];
        long errors = 0;
        String firstError = null;
        long requests = 0;
        long sent = 0;
        long acknowledged = 0;
        long rejected = 0;
        long bytes = 0;
        long json = 0;
        List<Long> acknowledgedRequests = new ArrayList<>();
        for (Sender s : senders) {
            acknowledgedRequests.addAll(s.acknowledgedRequests);
            latency.add(s.latency);
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] += s.statuses[i];
            }
            errors += s.errors;
            firstError = firstError == null ? s.firstError : firstError;
            requests += s.requests;
            sent += s.eventsSent;
            acknowledged += s.eventsAcknowledged;
            rejected += s.eventsRejected;
            bytes += s.bytesSent;
            json += s.bytesUncompressed;
        }
        SortedMap<Integer, Long> byStatus = new TreeMap<>();
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] > 0) {
                byStatus.put(i, statuses[i]);
            }
        }
        LoadReport.Latency l = new LoadReport.Latency(
                latency.percentileMicros(0.50) / 1e3,
                latency.percentileMicros(0.90) / 1e3,
                latency.percentileMicros(0.99) / 1e3,
                latency.percentileMicros(0.999) / 1e3,
                latency.maxMicros() / 1e3);
        double seconds = Math.max(0, elapsedNanos) / 1e9;
        return new LoadReport(
                plan.logsUrl(),
                plan.connections(),
                plan.batch(),
                plan.eventsPerSecond(),
                seconds,
                requests,
                byStatus,
                errors,
                firstError,
                sent,
                acknowledged,
                rejected,
                l,
                bytes,
                json,
                cpuSeconds,
                acknowledgedRequests.stream().sorted().toList());
    }

    /**
     * The {@code log.record.uid}s of request {@code n} of a plan with {@link LoadPlan#repeatableIds()}:
     * the request is written again from the seed, so a caller can check what the collector stored
     * against {@link LoadReport#acknowledgedRequests()}.
     */
    public static List<String> eventIds(LoadPlan plan, long n) {
        if (!plan.repeatableIds()) {
            throw new IllegalArgumentException("only a plan with repeatable ids names its events");
        }
        SimulatedFleet fleet = new SimulatedFleet(plan.tool(), plan.machines(), plan.seed());
        SimulatedRequest request = fleet.requests(0, plan).next(Schedule.events(plan, n), n);
        String json = new String(request.json(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String marker = "\"log.record.uid\",\"value\":{\"stringValue\":\"";
        List<String> ids = new ArrayList<>(request.events());
        for (int at = json.indexOf(marker); at >= 0; at = json.indexOf(marker, at + 1)) {
            int start = at + marker.length();
            ids.add(json.substring(start, json.indexOf('"', start)));
        }
        return ids;
    }

    private static Thread startProgress(PrintWriter out, long startNanos, LiveTotals live) {
        Thread t = new Thread(
                () -> {
                    long previous = 0;
                    for (int second = 1; ; second++) {
                        long due = startNanos + TimeUnit.SECONDS.toNanos(second);
                        long left;
                        while ((left = due - System.nanoTime()) > 0
                                && !Thread.currentThread().isInterrupted()) {
                            LockSupport.parkNanos(left);
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        long acknowledged = live.acknowledged.sum();
                        out.printf(
                                Locale.ROOT,
                                "loadgen %4d s: %,9d events/s, %,11d acknowledged (%,.0f/s so far), %,d failed requests%n",
                                second,
                                acknowledged - previous,
                                acknowledged,
                                acknowledged / (double) second,
                                live.failed.sum());
                        out.flush();
                        previous = acknowledged;
                    }
                },
                "candor-loadgen-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
