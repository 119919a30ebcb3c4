package dev.candor.collector.store;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted events go, and erasure requests after them: the ingest journal (then the embedded
 * store) or Kafka. A future that completes means durably accepted, so the client may get its 200;
 * one that fails, or {@link Overloaded}, means 503 and a retry.
 */
public interface EventSink {
    CompletableFuture<Void> append(List<StoredEvent> events) throws Overloaded;

    /**
     * Erases one machine of one tool after every batch appended before; the future holds how many events
     * were deleted, or nothing where the erasure is queued and applied later, in order, by the loaders.
     */
    CompletableFuture<OptionalLong> forget(String tool, String machineId) throws Overloaded;
}
