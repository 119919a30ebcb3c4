package dev.candor.collector.store.duckdb;

import dev.candor.collector.metrics.SecondsHistogram;
import java.util.concurrent.atomic.LongAdder;

/** What the DuckDB writer did, for {@code /metrics}: commits and their latency, events stored and duplicates. */
public final class CommitStats {
    private final SecondsHistogram commits =
            new SecondsHistogram(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);
    private final LongAdder stored = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private volatile long indexedIds;

    CommitStats() {}

    void record(long nanos, int events, int inserted) {
        commits.record(nanos);
        stored.add(inserted);
        duplicates.add(events - inserted);
    }

    /** Time of each DuckDB commit (a group of batches, or one replay chunk). */
    public SecondsHistogram commits() {
        return commits;
    }

    public long stored() {
        return stored.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /** The deduplication index's size after a commit, read by the writer's thread only. */
    void indexedIds(long n) {
        indexedIds = n;
    }

    /** Ids in the deduplication index (every stored event's) after the last commit. */
    public long indexedIds() {
        return indexedIds;
    }

    /** A batch refused because the writer's queue was full (the client got 503). */
    public void countOverloaded() {
        overloaded.increment();
    }

    public long overloaded() {
        return overloaded.sum();
    }
}
