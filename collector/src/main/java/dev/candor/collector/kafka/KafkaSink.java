package dev.candor.collector.kafka;

import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.store.EventSink;
import dev.candor.collector.store.Overloaded;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stateless collector's sink: each accepted event becomes one record on the topic, produced with
 * {@code acks=all} and idempotence; a batch's future completes once Kafka has acknowledged every
 * record of it, and fails (the client gets 503 and retries) when Kafka did not within
 * {@code kafka-timeout-ms}. A retry may put an event on the topic twice: the loaders and ClickHouse
 * deduplicate by event id.
 */
public final class KafkaSink implements EventSink, AutoCloseable, Metrics.Source {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int maxPendingEvents;
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder produced = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private final String bootstrap;
    private org.apache.kafka.clients.admin.Admin admin; // guarded by this
    private long probedAt; // guarded by this
    private String probe; // guarded by this: "" when Kafka answered

    private KafkaSink(Producer<byte[], byte[]> producer, String topic, int maxPendingEvents, String bootstrap) {
        this.producer = producer;
        this.topic = topic;
        this.maxPendingEvents = maxPendingEvents;
        this.bootstrap = bootstrap;
    }

    /**
     * Why this collector should get no traffic now, for {@code /readyz}: Kafka does not answer (asked at
     * most every 2 s, waiting at most 2.5 s), or the producer's buffer is nearly full. Empty when ready.
     */
    public synchronized java.util.Optional<String> notReady() {
        long now = System.nanoTime();
        if (probe == null || now - probedAt > java.util.concurrent.TimeUnit.SECONDS.toNanos(2)) {
            probe = probe();
            probedAt = System.nanoTime();
        }
        if (!probe.isEmpty()) {
            return java.util.Optional.of(probe);
        }
        int queued = pending.get();
        if (queued >= maxPendingEvents * 9L / 10) {
            return java.util.Optional.of(
                    "Kafka's producer buffer is nearly full (" + queued + " of " + maxPendingEvents + " events)");
        }
        return java.util.Optional.empty();
    }

    private String probe() {
        try {
            if (admin == null) {
                admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                        org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG,
                        "candor-readiness",
                        org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        2000,
                        org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        2500));
            }
            admin.describeCluster().nodes().get(2500, java.util.concurrent.TimeUnit.MILLISECONDS);
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking Kafka";
        } catch (Exception e) {
            // The brokers' addresses stay out of the answer: /readyz is on the public port.
            return "Kafka does not answer";
        }
    }

    /**
     * What a start would find in Kafka, without creating the topic ({@code candor check-config}).
     *
     * @throws StoreException when Kafka does not answer within {@code timeoutMs}
     */
    public static String check(String bootstrap, String topic, int timeoutMs) throws StoreException {
        return KafkaTopic.describe(bootstrap, topic, timeoutMs);
    }

    /**
     * Connects, creating the topic when it is missing.
     *
     * @param maxPendingEvents events sent but not acknowledged yet before new requests get 503
     * @throws StoreException when Kafka cannot be reached
     */
    public static KafkaSink start(String bootstrap, String topic, int partitions, int timeoutMs, int maxPendingEvents)
            throws StoreException {
        KafkaTopic.ensure(bootstrap, topic, partitions, timeoutMs);
        int linger = 5;
        Map<String, Object> config = Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "candor-collector"),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, linger),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                // A request refused by Kafka's deadline is a 503 the client retries, not a thread held.
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, linger + 1001)),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs - linger - 1)),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeoutMs, 2000)),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        return new KafkaSink(new KafkaProducer<>(config), topic, maxPendingEvents, bootstrap);
    }

    @Override
    public CompletableFuture<Void> append(List<StoredEvent> events) throws Overloaded {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int n = events.size();
        int after = pending.addAndGet(n);
        if (after > maxPendingEvents && after != n) {
            pending.addAndGet(-n);
            throw new Overloaded("Kafka's producer buffer is full");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            try {
                producer.send(KafkaRecords.event(topic, events.get(i)), (metadata, failure) -> {
                    pending.decrementAndGet();
                    if (failure != null) {
                        failed.increment();
                        done.completeExceptionally(failure);
                    } else {
                        produced.increment();
                        if (left.decrementAndGet() == 0) {
                            done.complete(null);
                        }
                    }
                });
            } catch (RuntimeException e) { // no metadata within max.block.ms, buffer full, closing
                pending.addAndGet(-(n - i));
                failed.add(n - i);
                done.completeExceptionally(e);
                break;
            }
        }
        return done;
    }

    @Override
    public CompletableFuture<OptionalLong> forget(String tool, String machineId) throws Overloaded {
        CompletableFuture<OptionalLong> done = new CompletableFuture<>();
        try {
            producer.send(KafkaRecords.forget(topic, tool, machineId), (metadata, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(OptionalLong.empty()); // the loaders erase it, in order
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Events sent and not yet acknowledged. */
    public int pendingEvents() {
        return pending.get();
    }

    /** What Kafka acknowledged and what it did not, for {@code /metrics}: no journal, no store. */
    @Override
    public void writeTo(Metrics.Exposition out) {
        out.counter("candor_kafka_events_produced_total", "Events Kafka acknowledged", producedEvents())
                .counter(
                        "candor_kafka_events_failed_total",
                        "Events Kafka did not acknowledge in time (answered 503)",
                        failedEvents())
                .gauge("candor_kafka_pending_events", "Events sent to Kafka and not acknowledged yet", pendingEvents());
    }

    public long producedEvents() {
        return produced.sum();
    }

    public long failedEvents() {
        return failed.sum();
    }

    /** Waits (up to 10 s) for what was sent to be acknowledged, then disconnects. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }
}
