package dev.candor.collector.store;

import java.util.concurrent.atomic.LongAdder;

/** What the writer did, for {@code /metrics}: commits, their latency, events stored and duplicates. */
public final class CommitStats {
    /** Upper bounds of the commit-latency histogram, in seconds (Prometheus {@code le}). */
    public static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length];
    private final LongAdder commits = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    final LongAdder overloaded = new LongAdder();

    CommitStats() {
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    void record(long nanos, int events, int inserted) {
        commits.increment();
        commitNanos.add(nanos);
        stored.add(inserted);
        duplicates.add(events - inserted);
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                bucketCounts[i].increment();
            }
        }
    }

    public long commits() {
        return commits.sum();
    }

    public double commitSeconds() {
        return commitNanos.sum() / 1e9;
    }

    /** Cumulative count of commits at or under {@code BUCKETS[i]}. */
    public long bucket(int i) {
        return bucketCounts[i].sum();
    }

    public long stored() {
        return stored.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long overloaded() {
        return overloaded.sum();
    }
}
