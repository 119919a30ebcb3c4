package dev.candor.collector.store.duckdb;

import java.util.UUID;

/**
 * The ids of every stored event, in memory, for deduplication: a set of 128-bit values in open
 * addressing, 17 bytes per slot and at most 60 % of the slots used (28-57 bytes per event). A primary key in DuckDB did the same job at half the
 * insert rate and six times the disk (measured: bench/RESULTS.md), and an exact set needs no
 * second look at the store. Not thread-safe: the writer thread owns it.
 */
final class EventIdIndex {
    private static final double LOAD = 0.6;

    private long[] high;
    private long[] low;
    private boolean[] used;
    private int size;

    EventIdIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / LOAD)) - 1) << 1;
        high = new long[capacity];
        low = new long[capacity];
        used = new boolean[capacity];
    }

    boolean contains(UUID id) {
        return slot(high, low, used, id.getMostSignificantBits(), id.getLeastSignificantBits()) < 0;
    }

    /** Adds the id; false when it was already there. */
    boolean add(UUID id) {
        return add(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    boolean add(long hi, long lo) {
        if (size + 1 > high.length * LOAD) {
            grow();
        }
        int s = slot(high, low, used, hi, lo);
        if (s < 0) {
            return false;
        }
        high[s] = hi;
        low[s] = lo;
        used[s] = true;
        size++;
        return true;
    }

    /** Takes ids out again, for a batch whose commit failed. Rebuilds: removals are rare. */
    void removeAll(Iterable<UUID> ids) {
        java.util.Set<UUID> gone = new java.util.HashSet<>();
        ids.forEach(gone::add);
        long[] h = high;
        long[] l = low;
        boolean[] u = used;
        high = new long[h.length];
        low = new long[h.length];
        used = new boolean[h.length];
        size = 0;
        for (int i = 0; i < h.length; i++) {
            if (u[i] && !gone.contains(new UUID(h[i], l[i]))) {
                add(h[i], l[i]);
            }
        }
    }

    int size() {
        return size;
    }

    /** The free slot for the id, or -1 when the id is present. */
    private static int slot(long[] high, long[] low, boolean[] used, long hi, long lo) {
        int mask = high.length - 1;
        long mix = (hi ^ Long.rotateLeft(lo, 29)) * 0x9E3779B97F4A7C15L;
        int i = (int) (mix >>> 32) & mask;
        while (used[i]) {
            if (high[i] == hi && low[i] == lo) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] h = high;
        long[] l = low;
        boolean[] u = used;
        high = new long[h.length * 2];
        low = new long[h.length * 2];
        used = new boolean[h.length * 2];
        size = 0;
        for (int i = 0; i < h.length; i++) {
            if (u[i]) {
                add(h[i], l[i]);
            }
        }
    }
}
