package dev.candor.collector.store.journal;

import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.metrics.SecondsHistogram;
import dev.candor.collector.store.EventSink;
import dev.candor.collector.store.Overloaded;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.CommitStats;
import dev.candor.collector.store.duckdb.StoreWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the collector acknowledges: an append-only journal of accepted batches in
 * {@code <data-dir>/journal/}, in front of DuckDB. One thread takes every queued batch, writes them
 * to the current segment, forces the file to disk once for all of them (group commit), hands them
 * to the {@link StoreWriter}, and then completes their futures. A completed future (a 200) means
 * the batch is on disk and reaches DuckDB, now or through {@link JournalReplay} after a crash;
 * DuckDB's commits and checkpoints happen behind it, in nobody's request.
 *
 * <p>Segments ({@code segment-<seq>.log}, entries framed by {@link JournalCodec}) roll at about
 * 64 MiB and are deleted once DuckDB has committed every batch in them. Work that deletes events
 * ({@link #runDeleting}: erasure, retention) rolls the segment first, runs in DuckDB after every
 * earlier batch, and deletes every segment up to the roll before its future completes, so that no
 * replay can bring the deleted events back.
 *
 * <p>{@code store-queue-events} bounds the events accepted but not yet committed to DuckDB; past it
 * {@link #append} fails at once with {@link Overloaded}, answered 503.
 *
 * <pre>{@code
 * StoreWriter writer = new StoreWriter(store);
 * IngestJournal journal = IngestJournal.start(dataDir, writer, 200_000);
 * journal.append(events).get();   // on disk: answer 200
 * journal.close();                // then writer.close(): commits the rest, closes the store
 * }</pre>
 */
public final class IngestJournal implements AutoCloseable, EventSink, Metrics.Source {
    /** The journal's folder inside the data folder. */
    public static final String DIRECTORY = "journal";

    static final long SEGMENT_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(IngestJournal.class);

    private final StoreWriter writer;
    private final int capacity;
    private final JournalSegments segments;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger uncommittedEvents = new AtomicInteger();
    private final SecondsHistogram syncs =
            new SecondsHistogram(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1);
    private final Object admission = new Object();
    private final Thread thread;
    private boolean closing; // guarded by admission: nothing is queued once it is set

    private final SegmentWriter file; // the journal thread's alone

    private sealed interface Job permits Append, Ordered {}

    private record Append(ByteBuffer entry, List<StoredEvent> events, CompletableFuture<Void> done) implements Job {}

    private record Ordered<T>(StoreWriter.StoreTask<T> work, boolean deletes, CompletableFuture<T> done)
            implements Job {}

    private final Path dir;

    private IngestJournal(Path dir, StoreWriter writer, int capacity, long segmentBytes, long firstSequence) {
        this.dir = dir;
        this.writer = writer;
        this.capacity = capacity;
        this.segments = new JournalSegments(dir);
        this.file = new SegmentWriter(dir, segments, segmentBytes, firstSequence);
        this.thread = new Thread(this::work, "candor-journal");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Starts the journal in {@code dataDir/journal}. Replay the folder into the store first
     * ({@link JournalReplay}): new segments are numbered after any left there.
     */
    public static IngestJournal start(Path dataDir, StoreWriter writer, int capacityEvents) throws StoreException {
        return start(dataDir, writer, capacityEvents, SEGMENT_BYTES);
    }

    static IngestJournal start(Path dataDir, StoreWriter writer, int capacityEvents, long segmentBytes)
            throws StoreException {
        Path dir = dataDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(dir);
            return new IngestJournal(
                    dir, writer, capacityEvents, segmentBytes, JournalSegments.highestSequence(dir) + 1);
        } catch (IOException e) {
            throw new StoreException("cannot open the journal folder " + dir + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * Writes the batch to the journal; the future completes once it is on disk (then answer 200),
     * or fails when the journal could not write it (then 503).
     *
     * @throws Overloaded when too many events wait for DuckDB, or the journal is closing
     */
    @Override
    public CompletableFuture<Void> append(List<StoredEvent> events) throws Overloaded {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int n = events.size();
        int after = uncommittedEvents.addAndGet(n);
        if (after > capacity && after != n) { // one batch larger than the bound still goes
            uncommittedEvents.addAndGet(-n);
            writer.stats().countOverloaded();
            throw new Overloaded("the store queue is full");
        }
        try {
            // Encoded here, on the request's thread, so that the journal thread only writes.
            CompletableFuture<Void> done = new CompletableFuture<>();
            enqueue(new Append(JournalCodec.entry(events), events, done));
            return done;
        } catch (Overloaded | RuntimeException e) {
            uncommittedEvents.addAndGet(-n);
            throw e;
        }
    }

    /** Runs a task on the store after every batch appended before it; the future completes when it is done. */
    public <T> CompletableFuture<T> run(StoreWriter.StoreTask<T> work) throws Overloaded {
        return ordered(work, false);
    }

    /**
     * Runs a task that deletes events, after every batch appended before it, and deletes the journal
     * segments holding those batches before the future completes: the deleted events cannot come back
     * by a replay.
     */
    public <T> CompletableFuture<T> runDeleting(StoreWriter.StoreTask<T> work) throws Overloaded {
        return ordered(work, true);
    }

    /** Erasure of one machine of one tool; the future holds the number of events deleted. */
    @Override
    public CompletableFuture<OptionalLong> forget(String tool, String machineId) throws Overloaded {
        return runDeleting(store -> OptionalLong.of(store.forget(tool, machineId)));
    }

    /** The store writer's commits and this journal's state, for {@code /metrics}. */
    @Override
    public void writeTo(Metrics.Exposition out) {
        CommitStats s = writer.stats();
        out.counter("candor_events_stored_total", "Events committed to the store", s.stored())
                .counter(
                        "candor_events_duplicate_total",
                        "Events not stored again because their id was stored",
                        s.duplicates())
                .counter(
                        "candor_store_overloaded_total",
                        "Requests refused with 503 because the store queue was full",
                        s.overloaded())
                .gauge(
                        "candor_store_queue_events",
                        "Events acknowledged or being journaled, not yet committed to DuckDB",
                        uncommittedEvents())
                .histogram(
                        "candor_store_commit_seconds",
                        "Time of one DuckDB commit (a group of journaled batches)",
                        s.commits())
                .histogram(
                        "candor_journal_sync_seconds",
                        "Time of one journal fsync (a group of batches, then answered)",
                        syncs())
                .gauge("candor_journal_bytes", "Bytes of journal segments on disk", bytes())
                .gauge(
                        "candor_dedup_ids",
                        "Event ids in the deduplication index (every stored event's), after the last commit",
                        s.indexedIds());
    }

    /**
     * Why this collector should get no traffic now, for {@code /readyz}: the DuckDB writer is far behind
     * (90 % of {@code store-queue-events} wait for it, so new requests would soon get 503), or the journal
     * folder is no longer writable. Empty when ready.
     */
    public java.util.Optional<String> notReady() {
        int queued = uncommittedEvents.get();
        if (queued >= capacity * 9L / 10) {
            return java.util.Optional.of(
                    "the store writer is behind (" + queued + " of " + capacity + " events wait for DuckDB)");
        }
        if (!Files.isWritable(dir)) {
            return java.util.Optional.of("the journal folder is not writable");
        }
        return java.util.Optional.empty();
    }

    /** Events accepted but not yet committed to DuckDB: the number {@code store-queue-events} bounds. */
    public int uncommittedEvents() {
        return uncommittedEvents.get();
    }

    /** Time of each group's {@code fsync}. */
    public SecondsHistogram syncs() {
        return syncs;
    }

    /** Bytes of journal segments on disk. */
    public long bytes() {
        return segments.bytes();
    }

    /** Segments on disk; 0 after a clean stop, once the writer has committed everything. */
    public int segments() {
        return segments.count();
    }

    private <T> CompletableFuture<T> ordered(StoreWriter.StoreTask<T> work, boolean deletes) throws Overloaded {
        CompletableFuture<T> done = new CompletableFuture<>();
        enqueue(new Ordered<>(work, deletes, done));
        return done;
    }

    private void enqueue(Job job) throws Overloaded {
        synchronized (admission) {
            if (closing) {
                throw new Overloaded("the journal is closing");
            }
            queue.add(job);
        }
    }

    private boolean closing() {
        synchronized (admission) {
            return closing;
        }
    }

    private void work() {
        List<Job> jobs = new ArrayList<>();
        while (true) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing() && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                jobs.add(first);
                queue.drainTo(jobs);
                process(jobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) { // the journal must survive anything one group does
                LOG.error("journal failed on a group: {}", t.getClass().getName());
                for (Job j : jobs) {
                    fail(j, t);
                }
            } finally {
                jobs.clear();
            }
        }
        file.seal();
    }

    /** Writes runs of batches as groups; a task ends a group, so it runs in DuckDB after the batches before it. */
    private void process(List<Job> jobs) {
        List<Append> group = new ArrayList<>();
        long groupBytes = 0;
        for (Job job : jobs) {
            if (job instanceof Ordered<?> o) {
                flush(group);
                groupBytes = 0;
                order(o);
                continue;
            }
            Append a = (Append) job;
            int bytes = a.entry().remaining();
            if (file.wouldOverflow(groupBytes, bytes)) {
                flush(group);
                groupBytes = 0;
                file.seal();
            }
            if (!file.isOpen()) {
                try {
                    file.open();
                } catch (IOException e) {
                    LOG.error("cannot create a journal segment, batch answered 503: {}", e.getMessage());
                    fail(a, new StoreException("the journal could not create a segment", e));
                    continue;
                }
            }
            group.add(a);
            groupBytes += bytes;
        }
        flush(group);
    }

    /** Writes the group, forces it to disk once, hands it to DuckDB, then acknowledges every batch. */
    private void flush(List<Append> group) {
        if (group.isEmpty()) {
            return;
        }
        List<ByteBuffer> entries = new ArrayList<>(group.size());
        for (Append a : group) {
            entries.add(a.entry());
        }
        long seq = file.sequence();
        try {
            syncs.record(file.write(entries));
        } catch (IOException e) {
            LOG.error("journal write failed, {} batches answered 503: {}", group.size(), e.getMessage());
            for (Append a : group) {
                fail(a, new StoreException("the journal could not write", e));
            }
            group.clear();
            return;
        }
        for (Append a : group) {
            int n = a.events().size();
            segments.appended(seq, a.entry().limit());
            // Handed over before the answer: any task a client sends after its 200 runs after this batch.
            writer.insert(a.events(), () -> committed(seq, n));
            a.done().complete(null);
        }
        group.clear();
    }

    private <T> void order(Ordered<T> o) {
        StoreWriter.StoreTask<T> work = o.work();
        if (o.deletes()) {
            long through = file.sealAll();
            work = store -> {
                T result = o.work().run(store);
                try {
                    segments.deleteThrough(through);
                } catch (IOException e) {
                    throw new StoreException(
                            "deleted in the store, but the journal segments holding the events could"
                                    + " not be deleted: " + e.getMessage(),
                            e);
                }
                return result;
            };
        }
        try {
            writer.run(work).whenComplete((result, failure) -> {
                if (failure != null) {
                    o.done().completeExceptionally(failure);
                } else {
                    o.done().complete(result);
                }
            });
        } catch (Overloaded e) {
            o.done().completeExceptionally(e);
        }
    }

    private void committed(long seq, int events) {
        uncommittedEvents.addAndGet(-events);
        segments.committed(seq);
    }

    private void fail(Job job, Throwable t) {
        if (job instanceof Append a) {
            if (a.done().completeExceptionally(t)) {
                uncommittedEvents.addAndGet(-a.events().size());
            }
        } else if (job instanceof Ordered<?> o) {
            o.done().completeExceptionally(t);
        }
    }

    /**
     * Stops taking batches and writes those queued (each is answered as usual), then seals the last
     * segment. Close the {@link StoreWriter} after this: its commits delete the remaining segments.
     */
    @Override
    public void close() {
        synchronized (admission) {
            closing = true;
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("the journal did not finish writing within 30 s");
        }
    }
}
