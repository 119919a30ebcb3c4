package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.Overloaded;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.journal.IngestJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to DuckDB. Batches come from the {@link IngestJournal}, already on
 * disk and acknowledged, so nobody waits for these commits: the writer gathers large groups
 * (everything queued, up to {@value #MAX_EVENTS_PER_COMMIT} events, waiting a few milliseconds for
 * more when little is queued) to spread DuckDB's per-commit cost, and DuckDB's checkpoints, which
 * run inside a commit, delay only this thread. After each commit it reports every batch of the
 * group back, so the journal can delete segments that are fully in the store.
 *
 * <p>Tasks ({@link #run}) run between commits, in queue order: after every batch handed over
 * before them.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_EVENTS_PER_COMMIT = 100_000;
    /** Below this many events a group waits up to {@link #GATHER_MILLIS} for more: commits cost ~1.5 ms each. */
    private static final int ENOUGH_FOR_A_COMMIT = 20_000;

    private static final long GATHER_MILLIS = 10;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 5_000;
    /** At shutdown: time to commit what the journal handed over; the rest is replayed at the next start. */
    private static final long DRAIN_MILLIS = 30_000;

    private final EventStore store;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CommitStats stats = new CommitStats();
    private final CountDownLatch abandon = new CountDownLatch(1);
    private volatile boolean closing;

    /** Work on the store that must not run beside the writer: erasure, retention, compaction. */
    @FunctionalInterface
    public interface StoreTask<T> {
        T run(EventStore store) throws StoreException;
    }

    private sealed interface Job permits Insert, Task {}

    private record Insert(List<StoredEvent> events, Runnable committed) implements Job {}

    private record Task<T>(StoreTask<T> work, CompletableFuture<T> done) implements Job {
        void execute(EventStore store) {
            try {
                done.complete(work.run(store));
            } catch (StoreException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    public StoreWriter(EventStore store) {
        this.store = store;
        this.thread = new Thread(this::work, "candor-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a batch that is already safe in the journal; {@code committed} runs on the writer
     * thread once DuckDB has committed it. Never refuses: the journal bounds what it hands over.
     */
    public void insert(List<StoredEvent> events, Runnable committed) {
        queue.add(new Insert(events, committed));
    }

    /** Runs a task on the writer thread, between commits; the future completes when it is done. */
    public <T> CompletableFuture<T> run(StoreTask<T> work) throws Overloaded {
        if (closing) {
            throw new Overloaded("the store queue is full");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        queue.add(new Task<>(work, done));
        return done;
    }

    public CommitStats stats() {
        return stats;
    }

    private void work() {
        List<Insert> group = new ArrayList<>();
        Job carried = null;
        while (abandon.getCount() > 0) {
            try {
                Job first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (first instanceof Task<?> t) {
                    t.execute(store);
                    continue;
                }
                carried = gather((Insert) first, group);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) { // the writer must survive anything one group does
                LOG.error(
                        "store writer failed on a group of {} batches, which stay in the journal for the next start: {}",
                        group.size(),
                        t.getClass().getName());
            } finally {
                group.clear();
            }
        }
        if (carried instanceof Task<?> t) {
            t.done().completeExceptionally(new Overloaded("the store queue is full"));
        }
        LOG.warn("store writer stopped before the queue was empty; the journal keeps those events for the next start");
    }

    /** Fills {@code group} with queued batches; returns a task met on the way, to run after the group. */
    private Job gather(Insert first, List<Insert> group) throws InterruptedException {
        group.add(first);
        int events = first.events().size();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
        while (events < MAX_EVENTS_PER_COMMIT) {
            Job next = queue.poll();
            if (next == null && events < ENOUGH_FOR_A_COMMIT && !closing) {
                long left = deadline - System.nanoTime();
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            }
            if (next == null) {
                return null;
            }
            if (next instanceof Insert i) {
                group.add(i);
                events += i.events().size();
            } else {
                return next;
            }
        }
        return null;
    }

    /**
     * Commits the group, retrying while DuckDB fails (a full disk, say): the events are acknowledged
     * and safe in the journal, so waiting is right, and the journal's bound turns a long wait into
     * 503s for new requests. A task behind the group waits too, which keeps erasure after the inserts.
     */
    private void commit(List<Insert> group) throws InterruptedException {
        List<StoredEvent> all = new ArrayList<>();
        for (Insert i : group) {
            all.addAll(i.events());
        }
        long pause = FIRST_RETRY_MILLIS;
        while (true) {
            long start = System.nanoTime();
            try {
                int inserted = store.insert(all);
                stats.record(System.nanoTime() - start, all.size(), inserted);
                if (store instanceof DuckDbEventStore duck) {
                    stats.indexedIds(duck.indexedIds());
                }
                break;
            } catch (StoreException e) {
                LOG.error(
                        "commit of {} events failed, retrying in {} ms (they are safe in the journal): {}",
                        all.size(),
                        pause,
                        e.getMessage());
                if (abandon.await(pause, TimeUnit.MILLISECONDS)) {
                    return;
                }
                pause = Math.min(LAST_RETRY_MILLIS, pause * 2);
            }
        }
        for (Insert i : group) {
            i.committed().run();
        }
    }

    /**
     * Stops taking tasks, commits what the journal handed over (within {@value #DRAIN_MILLIS} ms;
     * anything left is still in the journal and replayed at the next start), and closes the store.
     */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(DRAIN_MILLIS);
            if (thread.isAlive()) {
                abandon.countDown();
                thread.join(DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job j = queue.poll(); j != null; j = queue.poll()) {
            if (j instanceof Task<?> t) {
                t.done().completeExceptionally(new Overloaded("the store queue is full"));
            }
        }
        store.close();
    }
}
