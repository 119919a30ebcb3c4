package dev.candor.collector.metrics;

import dev.candor.collector.kafka.KafkaSink;
import dev.candor.collector.store.CommitStats;
import dev.candor.collector.store.IngestJournal;
import dev.candor.collector.store.SecondsHistogram;
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
        requests.computeIfAbsent("route=\"" + route + "\",status=\"" + status + "\"", k -> new LongAdder()).increment();
    }

    public void accepted(String tool, int events) {
        accepted.computeIfAbsent("tool=\"" + tool + "\"", k -> new LongAdder()).add(events);
    }

    public void rejected(String reason, int events) {
        rejected.computeIfAbsent("reason=\"" + reason + "\"", k -> new LongAdder()).add(events);
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

    public String render(IngestJournal journal, CommitStats s) {
        StringBuilder b = ingest();
        single(b, "candor_events_stored_total", "counter", "Events committed to the store", s.stored());
        single(b, "candor_events_duplicate_total", "counter", "Events not stored again because their id was stored",
                s.duplicates());
        single(b, "candor_store_overloaded_total", "counter", "Requests refused with 503 because the store queue was full",
                s.overloaded());
        single(b, "candor_store_queue_events", "gauge", "Events acknowledged or being journaled, not yet committed to DuckDB",
                journal.uncommittedEvents());
        histogram(b, "candor_store_commit_seconds", "Time of one DuckDB commit (a group of journaled batches)", s.commits());
        histogram(b, "candor_journal_sync_seconds", "Time of one journal fsync (a group of batches, then answered)",
                journal.syncs());
        single(b, "candor_journal_bytes", "gauge", "Bytes of journal segments on disk", journal.bytes());
        return b.toString();
    }

    /** The metrics of a collector whose sink is Kafka: no journal, no store. */
    public String render(KafkaSink kafka) {
        StringBuilder b = ingest();
        single(b, "candor_kafka_events_produced_total", "counter", "Events Kafka acknowledged", kafka.producedEvents());
        single(b, "candor_kafka_events_failed_total", "counter", "Events Kafka did not acknowledge in time (answered 503)",
                kafka.failedEvents());
        single(b, "candor_kafka_pending_events", "gauge", "Events sent to Kafka and not acknowledged yet",
                kafka.pendingEvents());
        return b.toString();
    }

    private StringBuilder ingest() {
        StringBuilder b = new StringBuilder(2048);
        counter(b, "candor_http_requests_total", "HTTP requests by route and status", requests);
        counter(b, "candor_events_accepted_total", "Events that passed validation, by tool", accepted);
        counter(b, "candor_events_rejected_total", "Log records rejected, by reason", rejected);
        single(b, "candor_attributes_dropped_total", "counter", "Attributes dropped because the catalog does not declare them",
                droppedAttributes.sum());
        single(b, "candor_events_forgotten_total", "counter", "Events deleted by erasure requests", forgotten.sum());
        return b;
    }

    private static void histogram(StringBuilder b, String name, String help, SecondsHistogram h) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" histogram\n");
        for (int i = 0; i < h.buckets(); i++) {
            b.append(name).append("_bucket{le=\"").append(h.bound(i)).append("\"} ").append(h.cumulativeCount(i)).append('\n');
        }
        b.append(name).append("_bucket{le=\"+Inf\"} ").append(h.count()).append('\n');
        b.append(name).append("_sum ").append(h.sumSeconds()).append('\n');
        b.append(name).append("_count ").append(h.count()).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, Map<String, LongAdder> series) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(series).entrySet()) {
            b.append(name).append('{').append(e.getKey()).append("} ").append(e.getValue().sum()).append('\n');
        }
    }

    private static void single(StringBuilder b, String name, String type, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        b.append(name).append(' ').append(value).append('\n');
    }
}
