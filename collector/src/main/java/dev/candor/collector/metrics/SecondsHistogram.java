package dev.candor.collector.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed upper bounds in seconds, cumulative as Prometheus' {@code le}
 * buckets are, so {@code /metrics} can print it as it is. Safe to record from any thread.
 */
public final class SecondsHistogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final LongAdder total = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    public SecondsHistogram(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void record(long elapsedNanos) {
        total.increment();
        nanos.add(elapsedNanos);
        double seconds = elapsedNanos / 1e9;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts[i].increment();
            }
        }
    }

    /** Number of buckets, {@code +Inf} not counted. */
    public int buckets() {
        return bounds.length;
    }

    /** Upper bound of bucket {@code i}, in seconds. */
    public double bound(int i) {
        return bounds[i];
    }

    /** Observations at or under {@link #bound(int) bound(i)}. */
    public long cumulativeCount(int i) {
        return counts[i].sum();
    }

    public long count() {
        return total.sum();
    }

    public double sumSeconds() {
        return nanos.sum() / 1e9;
    }
}
