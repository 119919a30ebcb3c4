package dev.candor.collector.loadgen;

/**
 * Request latencies in microseconds, in log-linear buckets (64 per power of two, so any reported
 * percentile is within 1.6 % of the true value): a long run costs a few kilobytes, not one entry per
 * request. Not thread-safe: each sender has its own, and the report merges them.
 */
final class LatencyHistogram {
    private static final int EXACT = 128;
    private static final int PER_OCTAVE = 64;
    private static final int BUCKETS = EXACT + 58 * PER_OCTAVE;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
        maxMicros = Math.max(maxMicros, v);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return total;
    }

    long maxMicros() {
        return maxMicros;
    }

    /** The latency that {@code fraction} (0.99 for p99) of the requests did not exceed; 0 without samples. */
    long percentileMicros(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(maxMicros, highestIn(i));
            }
        }
        return maxMicros;
    }

    static int index(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - 6; // v >>> shift is in [64, 128)
        return EXACT + (shift - 1) * PER_OCTAVE + (int) ((v >>> shift) - PER_OCTAVE);
    }

    /** The largest value that falls into bucket {@code i}. */
    static long highestIn(int i) {
        if (i < EXACT) {
            return i;
        }
        int shift = (i - EXACT) / PER_OCTAVE + 1;
        long mantissa = (i - EXACT) % PER_OCTAVE + PER_OCTAVE;
        return ((mantissa + 1) << shift) - 1;
    }
}
