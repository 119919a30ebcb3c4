package dev.candor.collector.store;

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

    /** Deletes every event of one machine of one tool, durably; returns how many were deleted. */
    long forget(String tool, String machineId) throws StoreException;

    /** Number of stored events. */
    long count() throws StoreException;

    @Override
    void close();
}
