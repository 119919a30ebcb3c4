package dev.candor.collector.testing;

import java.util.ArrayList;
import java.util.List;

/** Durations at every edge of the dashboard's duration buckets, to check a store's SQL against Java. */
public final class BucketEdges {
    private BucketEdges() {}

    /** Both sides of every power of two, the middles between them, and the extremes. */
    public static List<Long> durations() {
        List<Long> out = new ArrayList<>(List.of(-7L, 0L, 31L, 32L, 33L, 1_234L, Long.MAX_VALUE));
        for (int bit = 1; bit < 63; bit++) {
            long p = 1L << bit;
            out.addAll(List.of(p - 1, p, p + 1, p + p / 2 - 1, p + p / 2));
        }
        return out;
    }
}
