package dev.candor.collector.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The collector's counters, rendered in the Prometheus text format at {@code /metrics}. Label
 * values are only ever route names, status codes, tool ids and fixed reason words: nothing a
 * client chose freely, so the series stay few and carry nothing personal.
 */
public final class Metrics {
    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> accepted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder droppedAttributes = new LongAdder();
    private final LongAdder forgotten = new LongAdder();

    public void request(String route, int status) {
        requests.computeIfAbsent("route=\"" + route + "\",status=\"" + status + "\"", k -> new LongAdder())
                .increment();
    }

    public void accepted(String tool, int events) {
        accepted.computeIfAbsent("tool=\"" + tool + "\"", k -> new LongAdder()).add(events);
    }

    public void rejected(String reason, int events) {
        rejected.computeIfAbsent("reason=\"" + reason + "\"", k -> new LongAdder())
                .add(events);
    }

    public void droppedAttributes(int n) {
        droppedAttributes.add(n);
    }

    public void forgotten(long events) {
        forgotten.add(events);
    }

    /** Requests answered with this status on this route, for tests and the dashboard. */
    public long requests(String route, int status) {
        LongAdder a = requests.get("route=\"" + route + "\",status=\"" + status + "\"");
        return a == null ? 0 : a.sum();
    }

    /** What a part of the collector adds to {@code /metrics}: the journal and the store writer, or Kafka. */
    @FunctionalInterface
    public interface Source {
        void writeTo(Exposition out);
    }

    /** Writes series in the Prometheus text format; a {@link Source} gets one for each rendering. */
    public static final class Exposition {
        private final StringBuilder b;

        private Exposition(StringBuilder b) {
            this.b = b;
        }

        public Exposition counter(String name, String help, long value) {
            single(b, name, "counter", help, value);
            return this;
        }

        public Exposition gauge(String name, String help, long value) {
            single(b, name, "gauge", help, value);
            return this;
        }

        /** A counter of seconds, a fraction. */
        public Exposition counterSeconds(String name, String help, double seconds) {
            header(b, name, "counter", help);
            b.append(name).append(' ').append(seconds).append('\n');
            return this;
        }

        /** A gauge of seconds (a timestamp), a fraction. */
        public Exposition gaugeSeconds(String name, String help, double seconds) {
            header(b, name, "gauge", help);
            b.append(name).append(' ').append(seconds).append('\n');
            return this;
        }

        /**
         * One labelled series; {@code type} and {@code help} null for a further series of the name just
         * written. Label values must be fixed words, never a client's.
         */
        public Exposition labelled(String name, String type, String help, String labels, long value) {
            if (type != null) {
                header(b, name, type, help);
            }
            b.append(name).append('{').append(labels).append("} ").append(value).append('\n');
            return this;
        }

        public Exposition histogram(String name, String help, SecondsHistogram h) {
            Metrics.histogram(b, name, help, h);
            return this;
        }
    }

    /** The series of {@code sources}, in order, for a process without ingest (the loader). */
    public static String expose(Source... sources) {
        StringBuilder b = new StringBuilder(2048);
        for (Source s : sources) {
            s.writeTo(new Exposition(b));
        }
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** The ingest counters, then what each of {@code more} adds (the sink, the process, the dashboard). */
    public String render(Source... more) {
        StringBuilder b = ingest();
        for (Source s : more) {
            s.writeTo(new Exposition(b));
        }
        return b.toString();
    }

    private StringBuilder ingest() {
        StringBuilder b = new StringBuilder(2048);
        counter(b, "candor_http_requests_total", "HTTP requests by route and status", requests);
        counter(b, "candor_events_accepted_total", "Events that passed validation, by tool", accepted);
        counter(b, "candor_events_rejected_total", "Log records rejected, by reason", rejected);
        single(
                b,
                "candor_attributes_dropped_total",
                "counter",
                "Attributes dropped because the catalog does not declare them",
                droppedAttributes.sum());
        single(b, "candor_events_forgotten_total", "counter", "Events deleted by erasure requests", forgotten.sum());
        return b;
    }

    private static void histogram(StringBuilder b, String name, String help, SecondsHistogram h) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" histogram\n");
        for (int i = 0; i < h.buckets(); i++) {
            b.append(name)
                    .append("_bucket{le=\"")
                    .append(h.bound(i))
                    .append("\"} ")
                    .append(h.cumulativeCount(i))
                    .append('\n');
        }
        b.append(name).append("_bucket{le=\"+Inf\"} ").append(h.count()).append('\n');
        b.append(name).append("_sum ").append(h.sumSeconds()).append('\n');
        b.append(name).append("_count ").append(h.count()).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, Map<String, LongAdder> series) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(series).entrySet()) {
            b.append(name)
                    .append('{')
                    .append(e.getKey())
                    .append("} ")
                    .append(e.getValue().sum())
                    .append('\n');
        }
    }

    private static void single(StringBuilder b, String name, String type, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        b.append(name).append(' ').append(value).append('\n');
    }
}
