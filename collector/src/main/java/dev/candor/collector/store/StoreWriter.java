package dev.candor.collector.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the store, with group commit: every batch that arrived while the
 * previous commit was running goes into the next transaction together, so one disk sync serves
 * many requests and throughput grows with load instead of collapsing. A request's future completes
 * only after its commit: that is the moment the collector may answer 200.
 *
 * <p>The queue is bounded by events, not requests: when it is full {@link #submit} fails at once
 * with {@link Overloaded}, and the client is told to come back later (503) instead of waiting.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_EVENTS_PER_COMMIT = 50_000;

    private final EventStore store;
    private final int capacity;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final Thread thread;
    private final CommitStats stats = new CommitStats();
    private volatile boolean closing;

    /** The queue is full: answer 503 with {@code Retry-After}. */
    public static final class Overloaded extends Exception {
        private static final long serialVersionUID = 1L;

        Overloaded() {
            super("the store queue is full", null, false, false);
        }
    }

    /** Work on the store that must not run beside the writer: erasure, retention, compaction. */
    @FunctionalInterface
    public interface StoreTask<T> {
        T run(EventStore store) throws StoreException;
    }

    private sealed interface Job permits Insert, Task {
    }

    private record Insert(List<StoredEvent> events, CompletableFuture<Void> done) implements Job {
    }

    private record Task<T>(StoreTask<T> work, CompletableFuture<T> done) implements Job {
        void execute(EventStore store) {
            try {
                done.complete(work.run(store));
            } catch (StoreException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    public StoreWriter(EventStore store, int capacityEvents) {
        this.store = store;
        this.capacity = capacityEvents;
        this.thread = new Thread(this::run, "candor-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public CompletableFuture<Void> submit(List<StoredEvent> events) throws Overloaded {
        if (closing) {
            throw new Overloaded();
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int after = queuedEvents.addAndGet(events.size());
        if (after > capacity && after != events.size()) { // one batch larger than the queue still goes
            queuedEvents.addAndGet(-events.size());
            stats.overloaded.increment();
            throw new Overloaded();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Insert(events, done));
        return done;
    }

    public CompletableFuture<Long> forget(String tool, String machineId) throws Overloaded {
        return run(store -> store.forget(tool, machineId));
    }

    /** Runs a task on the writer thread, between commits; the future completes when it is done. */
    public <T> CompletableFuture<T> run(StoreTask<T> work) throws Overloaded {
        if (closing) {
            throw new Overloaded();
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        queue.add(new Task<>(work, done));
        return done;
    }

    /** Events waiting for a commit. */
    public int queuedEvents() {
        return queuedEvents.get();
    }

    public CommitStats stats() {
        return stats;
    }

    private void run() {
        List<Job> jobs = new ArrayList<>();
        while (true) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                jobs.add(first);
                int events = first instanceof Insert i ? i.events().size() : 0;
                while (events < MAX_EVENTS_PER_COMMIT && first instanceof Insert) {
                    Job next = queue.peek();
                    if (!(next instanceof Insert i)) {
                        break;
                    }
                    queue.poll();
                    jobs.add(next);
                    events += i.events().size();
                }
                execute(jobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) { // the writer must survive anything one batch does
                LOG.error("store writer failed on a batch: {}", t.getClass().getName());
                for (Job j : jobs) {
                    fail(j, t);
                }
            } finally {
                jobs.clear();
            }
        }
    }

    private void execute(List<Job> jobs) {
        if (jobs.get(0) instanceof Task<?> t) {
            t.execute(store);
            return;
        }
        List<StoredEvent> all = new ArrayList<>();
        for (Job j : jobs) {
            all.addAll(((Insert) j).events());
        }
        long start = System.nanoTime();
        try {
            int inserted = store.insert(all);
            stats.record(System.nanoTime() - start, all.size(), inserted);
        } catch (StoreException e) {
            queuedEvents.addAndGet(-all.size());
            LOG.error("commit failed, {} events answered 503: {}", all.size(), e.getMessage());
            for (Job j : jobs) {
                fail(j, e);
            }
            return;
        }
        queuedEvents.addAndGet(-all.size());
        for (Job j : jobs) {
            ((Insert) j).done().complete(null);
        }
    }

    private void fail(Job j, Throwable t) {
        if (j instanceof Insert i) {
            i.done().completeExceptionally(t);
        } else if (j instanceof Task<?> task) {
            task.done().completeExceptionally(t);
        }
    }

    /** Stops taking work, commits what was queued (within the time given), and closes the store. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
