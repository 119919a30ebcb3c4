package dev.candor.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StoreWriterTest {
    /** A store whose first insert waits for the test, so the queue behind it can fill up. */
    private static final class HeldStore implements EventStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batches = new ArrayList<>();

        @Override
        public int insert(List<StoredEvent> events) throws StoreException {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(events.size());
            return events.size();
        }

        @Override
        public long forget(String tool, String machineId) {
            return 0;
        }

        @Override
        public long compactUsage() {
            return 0;
        }

        @Override
        public long rebuildUsage(LocalDate from) {
            return 0;
        }

        @Override
        public long deleteRawBefore(LocalDate cutoff, boolean dryRun) {
            return 0;
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static List<StoredEvent> events(int n) {
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new StoredEvent(UUID.randomUUID(), "forge", "1", "cli.command", 0, 0, "m", "s", "Linux", "6", "linux-x64",
                    "Unknown", "build", 0, 1L, "{}"));
        }
        return out;
    }

    @Test
    void aFullQueueRefusesAtOnceAndWhatWaitedIsCommittedInOneGroup() throws Exception {
        HeldStore store = new HeldStore();
        StoreWriter writer = new StoreWriter(store, 100);
        CompletableFuture<Void> first = writer.submit(events(10));
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second = writer.submit(events(40));
        CompletableFuture<Void> third = writer.submit(events(40));

        assertThatThrownBy(() -> writer.submit(events(40))).isInstanceOf(StoreWriter.Overloaded.class);
        assertThat(writer.queuedEvents()).isEqualTo(90);
        assertThat(writer.stats().overloaded()).isEqualTo(1);

        store.release.countDown();
        CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
        writer.close();

        assertThat(store.batches).containsExactly(10, 80);
        assertThat(writer.queuedEvents()).isZero();
    }

    @Test
    void aClosingWriterRefusesNewWorkAndFinishesWhatItHas() throws Exception {
        HeldStore store = new HeldStore();
        store.release.countDown();
        StoreWriter writer = new StoreWriter(store, 100);
        CompletableFuture<Void> queued = writer.submit(events(5));

        writer.close();

        assertThat(queued).isCompleted();
        assertThatThrownBy(() -> writer.submit(events(1))).isInstanceOf(StoreWriter.Overloaded.class);
    }
}
