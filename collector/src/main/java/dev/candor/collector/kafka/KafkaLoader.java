package dev.candor.collector.kafka;

import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loader: one member of the consumer group {@code candor-loaders}, moving events from the topic
 * into a store (ClickHouse) in large batches. Offsets are committed only after the store accepted
 * the batch, so a loader killed at any moment loses nothing; what it had inserted but not committed
 * is read again by whoever gets its partitions, and the store's deduplication by event id keeps one
 * copy. Erasure records are applied in their place: the events before them in the partition are
 * inserted first, so a machine's events sent before its erasure request are erased too.
 */
public final class KafkaLoader implements AutoCloseable {
    public static final String GROUP = "candor-loaders";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLoader.class);

    /** Receives a line of progress after each committed batch. */
    @FunctionalInterface
    public interface Progress {
        void batch(int records, int newEvents, int erasures, long totalEvents, long lag);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final EventStore store;
    private final int batchEvents;
    private final Duration maxWait;
    private final Progress progress;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    private long loaded;

    // For /metrics and /healthz, read by the endpoint's threads.
    private final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder recordsRead = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder eventsLoaded = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder erasuresApplied = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder skipped = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder storeFailures = new java.util.concurrent.atomic.LongAdder();
    private final dev.candor.collector.metrics.SecondsHistogram batchTimes =
            new dev.candor.collector.metrics.SecondsHistogram(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    private volatile long lastCommitMillis;
    private volatile long lastLag;
    /** When the store began refusing the batch in hand (System.nanoTime()), or 0 while it takes them. */
    private volatile long failingSince;

    /** A loader whose store has refused every try for this long is reported unhealthy. */
    public static final Duration UNHEALTHY_AFTER = Duration.ofSeconds(30);

    private KafkaLoader(
            Consumer<byte[], byte[]> consumer, EventStore store, int batchEvents, Duration maxWait, Progress progress) {
        this.consumer = consumer;
        this.store = store;
        this.batchEvents = batchEvents;
        this.maxWait = maxWait;
        this.progress = progress;
    }

    /**
     * Joins the group on {@code topic} (creating the topic when missing).
     *
     * @param batchEvents events gathered into one insert
     * @param maxWait longest a gathered event waits for its batch to fill
     */
    public static KafkaLoader start(
            String bootstrap,
            String topic,
            int partitions,
            int timeoutMs,
            EventStore store,
            int batchEvents,
            Duration maxWait,
            Progress progress)
            throws StoreException {
        KafkaTopic.ensure(bootstrap, topic, partitions, timeoutMs);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "candor-loader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchEvents);
        // A ClickHouse outage holds the loop in retries; past this the group moves its partitions on.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10 * 60 * 1000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        // A killed loader's partitions move to the others after this, not after the 45 s default.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaLoader loader = new KafkaLoader(new KafkaConsumer<>(config), store, batchEvents, maxWait, progress);
        loader.consumer.subscribe(List.of(topic), loader.new Rebalance());
        return loader;
    }

    /** Loads until {@link #close} is called from another thread; the batch in hand is finished first. */
    public void run() throws InterruptedException {
        long firstPendingAt = 0;
        try {
            while (!stopping.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (pending.isEmpty()) {
                        firstPendingAt = System.nanoTime();
                    }
                    pending.add(r);
                }
                if (!pending.isEmpty()
                        && (pending.size() >= batchEvents || System.nanoTime() - firstPendingAt >= maxWait.toNanos())) {
                    flush();
                }
            }
        } catch (WakeupException stopped) {
            // close() was called while polling
        }
        if (!pending.isEmpty()) {
            flush();
        }
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
    }

    /** Writes the gathered records (retrying until the store takes them), then commits their offsets. */
    private void flush() throws InterruptedException {
        long started = System.nanoTime();
        List<StoredEvent> events = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int newEvents = 0;
        int erasures = 0;
        for (ConsumerRecord<byte[], byte[]> r : pending) {
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            KafkaRecords.Entry e;
            try {
                e = KafkaRecords.read(r.value(), r.headers());
            } catch (IOException bad) {
                // Not Candor's: counted and skipped, so one stray record cannot stop the loading.
                // Only our own reasons are logged: a parser's message may quote the record.
                LOG.warn(
                        "skipped a record that is not a Candor event: partition={} offset={} why={}",
                        r.partition(),
                        r.offset(),
                        bad.getClass() == IOException.class ? bad.getMessage() : "not JSON");
                skipped.increment();
                continue;
            }
            if (e.isForget()) {
                newEvents += insert(events);
                events.clear();
                retrying(() -> store.forget(e.forgetTool(), e.forgetMachine()));
                erasures++;
            } else {
                events.add(e.event());
            }
        }
        newEvents += insert(events);
        consumer.commitSync(offsets);
        loaded += newEvents;
        int records = pending.size();
        pending.clear();
        long lag = lag();
        batches.increment();
        recordsRead.add(records);
        eventsLoaded.add(newEvents);
        erasuresApplied.add(erasures);
        batchTimes.record(System.nanoTime() - started);
        lastCommitMillis = System.currentTimeMillis();
        lastLag = lag;
        progress.batch(records, newEvents, erasures, loaded, lag);
    }

    private int insert(List<StoredEvent> events) throws InterruptedException {
        return events.isEmpty() ? 0 : (int) retrying(() -> store.insert(events));
    }

    private interface StoreCall {
        long run() throws StoreException;
    }

    /** Retries with backoff (0.5 s doubling to 30 s) for as long as the store fails: the offsets wait. */
    private long retrying(StoreCall call) throws InterruptedException {
        long pause = 500;
        while (true) {
            try {
                long done = call.run();
                failingSince = 0;
                return done;
            } catch (StoreException e) {
                storeFailures.increment();
                if (failingSince == 0) {
                    failingSince = System.nanoTime();
                }
                LOG.warn("store refused a batch; retrying in {} ms: {}", pause, e.getMessage());
                Thread.sleep(pause);
                pause = Math.min(30_000, pause * 2);
            }
        }
    }

    /** This loader's series for {@code /metrics}: batches, records, events, erasures, failures, lag. */
    public dev.candor.collector.metrics.Metrics.Source metrics() {
        return out -> out.counter("candor_loader_batches_total", "Batches inserted and committed", batches.sum())
                .counter("candor_loader_records_total", "Kafka records read in committed batches", recordsRead.sum())
                .counter(
                        "candor_loader_events_loaded_total",
                        "Events the store took as new (a record read again counts once)",
                        eventsLoaded.sum())
                .counter("candor_loader_erasures_total", "Erasure records applied", erasuresApplied.sum())
                .counter("candor_loader_records_skipped_total", "Records that are not Candor's, skipped", skipped.sum())
                .counter(
                        "candor_loader_store_failures_total",
                        "Tries the store refused (each retried, offsets held back)",
                        storeFailures.sum())
                .histogram("candor_loader_batch_seconds", "Time to insert and commit one batch", batchTimes)
                .gauge("candor_loader_lag_records", "Records behind the end of this loader's partitions", lastLag)
                .gauge(
                        "candor_loader_last_commit_timestamp_seconds",
                        "When this loader last committed a batch (0: not yet)",
                        lastCommitMillis / 1000);
    }

    /** Why this loader is not healthy now (its store has refused every try for {@code after}), or empty. */
    public java.util.Optional<String> unhealthy(Duration after) {
        long since = failingSince;
        if (since != 0 && System.nanoTime() - since > after.toNanos()) {
            return java.util.Optional.of("the store has refused every batch for "
                    + Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s");
        }
        return java.util.Optional.empty();
    }

    /** Records behind the end of this loader's partitions. */
    private long lag() {
        long lag = 0;
        for (TopicPartition p : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(p);
            lag += l.orElse(0);
        }
        return lag;
    }

    /** Stops {@link #run} after the batch in hand; safe from any thread (a shutdown hook). */
    @Override
    public void close() {
        stopping.set(true);
        consumer.wakeup();
    }

    /** Gathered records of partitions taken away are dropped: their new owner reads them again from the commit. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("loader assigned {} partitions", partitions.size());
        }
    }
}
