package dev.candor.collector.store;

import dev.candor.collector.store.duckdb.StoreWriter;
import java.time.LocalDate;
import java.util.List;

/**
 * Where accepted events are kept. Called by one writer thread only ({@link StoreWriter}); an
 * implementation need not be thread-safe for writes. When a call returns, its effect is durable.
 */
public interface EventStore extends AutoCloseable {
    /**
     * Inserts the events whose id is not stored yet, in one transaction, and commits it.
     *
     * @return how many were new; the rest were duplicates (a client's retry)
     */
    int insert(List<StoredEvent> events) throws StoreException;

    /**
     * Deletes every event of one machine of one tool, and its rows of the daily aggregate, durably;
     * returns how many events were deleted.
     */
    long forget(String tool, String machineId) throws StoreException;

    /** Merges the partial rows of the daily aggregate; returns its row count. */
    long compactUsage() throws StoreException;

    /** Recomputes the daily aggregate from the raw events of {@code from} and later days. */
    long rebuildUsage(LocalDate from) throws StoreException;

    /**
     * Retention: deletes raw events whose event time is before {@code cutoff} (UTC midnight), or with
     * {@code dryRun} only counts them. The daily aggregate is kept. Returns the number of events.
     */
    long deleteRawBefore(LocalDate cutoff, boolean dryRun) throws StoreException;

    /** Number of stored events. */
    long count() throws StoreException;

    @Override
    void close();
}
