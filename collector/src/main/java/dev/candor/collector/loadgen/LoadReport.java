package dev.candor.collector.loadgen;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The outcome of a load run. Only answered events count: {@code eventsAcknowledged} are those of
 * 2xx answers less the records the collector said it rejected ({@code partialSuccess}). Latency is
 * from each request's scheduled send time (the time it was due under the paced rate, so a collector
 * that falls behind shows it) to its full answer; without pacing, from when the request was ready.
 *
 * @param statuses requests by HTTP status
 * @param errors requests that got no HTTP answer (refused, reset, timed out)
 * @param cpuSeconds CPU the generator's whole JVM used during the run
 * @param acknowledgedRequests with {@link LoadPlan#repeatableIds()}, the numbers of the requests whose
 *     every event was acknowledged, ascending ({@link LoadGenerator#eventIds} names their events);
 *     otherwise empty
 */
public record LoadReport(
        URI logsUrl,
        int connections,
        int batch,
        long targetEventsPerSecond,
        double seconds,
        long requests,
        SortedMap<Integer, Long> statuses,
        long errors,
        String firstError,
        long eventsSent,
        long eventsAcknowledged,
        long eventsRejected,
        Latency latency,
        long bytesSent,
        long bytesUncompressed,
        double cpuSeconds,
        List<Long> acknowledgedRequests) {

    /** Request latency percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max) {}

    public double eventsPerSecond() {
        return seconds > 0 ? eventsAcknowledged / seconds : 0;
    }

    /** Requests that got an answer other than 2xx, or none. */
    public long failedRequests() {
        long failed = errors;
        for (Map.Entry<Integer, Long> e : statuses.entrySet()) {
            if (e.getKey() / 100 != 2) {
                failed += e.getValue();
            }
        }
        return failed;
    }

    /** The human summary, several lines. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "loadgen: %.1f s against %s, %d connections, %d events per request, %s%n",
                seconds,
                logsUrl,
                connections,
                batch,
                targetEventsPerSecond == 0
                        ? "as fast as possible"
                        : String.format(Locale.ROOT, "paced at %,d events/s", targetEventsPerSecond)));
        StringBuilder codes = new StringBuilder();
        statuses.forEach((code, n) -> codes.append(codes.length() == 0 ? "" : ", ")
                .append(code)
                .append(": ")
                .append(String.format(Locale.ROOT, "%,d", n)));
        if (errors > 0) {
            codes.append(codes.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "no answer: %,d", errors));
        }
        s.append(String.format(Locale.ROOT, "  requests   %,d (%s)%n", requests, codes));
        s.append(String.format(
                Locale.ROOT,
                "  events     %,d acknowledged = %,.0f events/s; %,d sent, %,d rejected%n",
                eventsAcknowledged,
                eventsPerSecond(),
                eventsSent,
                eventsRejected));
        if (statuses.isEmpty()) {
            s.append(String.format("  latency    none: no request was answered%n"));
        } else {
            s.append(String.format(
                    Locale.ROOT,
                    "  latency    p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                    latency.p50,
                    latency.p90,
                    latency.p99,
                    latency.p999,
                    latency.max));
        }
        s.append(String.format(
                Locale.ROOT,
                "  sent       %,.1f MB gzip (%,.1f MB of JSON, %.0f bytes per event on the wire)%n",
                bytesSent / 1e6,
                bytesUncompressed / 1e6,
                eventsSent == 0 ? 0.0 : (double) bytesSent / eventsSent));
        s.append(String.format(
                Locale.ROOT,
                "  generator  %.1f CPU seconds (%.2f cores)%n",
                cpuSeconds,
                seconds > 0 ? cpuSeconds / seconds : 0));
        if (firstError != null) {
            s.append("  first error: ").append(firstError).append(String.format("%n"));
        }
        return s.toString();
    }

    /** One JSON object, for scripts. */
    public String json() {
        StringBuilder codes = new StringBuilder();
        statuses.forEach((code, n) -> codes.append(codes.length() == 0 ? "" : ",")
                .append('"')
                .append(code)
                .append("\":")
                .append(n));
        return String.format(
                Locale.ROOT,
                "{\"url\":\"%s\",\"connections\":%d,\"batch\":%d,\"targetEventsPerSecond\":%d,"
                        + "\"seconds\":%.3f,\"requests\":%d,\"statuses\":{%s},\"errors\":%d,\"firstError\":%s,\"eventsSent\":%d,"
                        + "\"eventsAcknowledged\":%d,\"eventsRejected\":%d,\"eventsPerSecond\":%.1f,"
                        + "\"latencyMs\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f},"
                        + "\"bytesSent\":%d,\"bytesUncompressed\":%d,\"cpuSeconds\":%.3f}",
                logsUrl,
                connections,
                batch,
                targetEventsPerSecond,
                seconds,
                requests,
                codes,
                errors,
                firstError == null ? "null" : quote(firstError),
                eventsSent,
                eventsAcknowledged,
                eventsRejected,
                eventsPerSecond(),
                latency.p50,
                latency.p90,
                latency.p99,
                latency.p999,
                latency.max,
                bytesSent,
                bytesUncompressed,
                cpuSeconds);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
