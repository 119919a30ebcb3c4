package dev.candor.collector.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.store.Events;
import dev.candor.collector.store.Overloaded;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.StoreWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal in front of a real store. A crash is simulated by copying the journal folder at a
 * chosen moment into a fresh data folder, which is what {@code kill -9} at that moment leaves, and
 * replaying it there.
 */
class IngestJournalTest {
    private static final int CAPACITY = 1_000;

    @TempDir
    Path dir;

    private DuckDbEventStore store;
    private StoreWriter writer;
    private IngestJournal journal;
    private final CountDownLatch release = new CountDownLatch(1);

    private void start(long segmentBytes) throws Exception {
        store = DuckDbEventStore.open(dir.resolve("data"));
        writer = new StoreWriter(store);
        journal = IngestJournal.start(dir.resolve("data"), writer, CAPACITY, segmentBytes);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (journal != null) {
            journal.close();
            writer.close();
        }
    }

    /** Holds the DuckDB writer until {@link #release} opens: batches are journaled and acknowledged, not committed. */
    private CountDownLatch holdTheWriter() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        journal.run(s -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private void awaitDuckDb() throws Exception {
        journal.run(s -> null).get(30, TimeUnit.SECONDS);
    }

    /** The data folder a crash at this moment leaves, as far as the journal goes. */
    private Path crashCopy(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name).resolve(IngestJournal.DIRECTORY));
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve(IngestJournal.DIRECTORY))) {
            files.forEach(f -> {
                try {
                    Files.copy(f, copy.resolve(f.getFileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return copy.getParent();
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve(IngestJournal.DIRECTORY))) {
            return files.count();
        }
    }

    @Test
    void anAcknowledgedBatchDuckDbNeverGotIsStoredOnceByTheReplay() throws Exception {
        start(IngestJournal.SEGMENT_BYTES);
        holdTheWriter();
        journal.append(Events.batch("a", 10)).get(30, TimeUnit.SECONDS);
        List<StoredEvent> twice = Events.batch("b", 5);
        journal.append(twice).get(30, TimeUnit.SECONDS);
        journal.append(twice).get(30, TimeUnit.SECONDS);

        assertThat(Events.replayedCount(crashCopy("crashed"), "")).isEqualTo(15);
        assertThat(Events.count(store, "")).as("DuckDB has not seen them").isZero();
    }

    @Test
    void segmentsRollAndAreDeletedOnceDuckDbCommittedThem() throws Exception {
        start(1); // every batch in a segment of its own
        for (int i = 0; i < 5; i++) {
            journal.append(Events.batch("m" + i, 3)).get(30, TimeUnit.SECONDS);
        }
        awaitDuckDb();

        assertThat(Events.count(store, "")).isEqualTo(15);
        assertThat(journal.segments()).as("only the open one").isEqualTo(1);
        assertThat(segmentFiles()).isEqualTo(1);
        journal.close();
        writer.close();
        assertThat(segmentFiles()).as("after a clean stop").isZero();
        assertThat(journal.bytes()).isZero();
        journal = null;
    }

    @Test
    void newBatchesAreRefusedWhileTooManyEventsWaitForDuckDb() throws Exception {
        start(IngestJournal.SEGMENT_BYTES);
        holdTheWriter();
        journal.append(Events.batch("a", CAPACITY - 10)).get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> journal.append(Events.batch("b", 20))).isInstanceOf(Overloaded.class);
        assertThat(writer.stats().overloaded()).isEqualTo(1);
        assertThat(journal.uncommittedEvents()).isEqualTo(CAPACITY - 10);

        release.countDown();
        awaitDuckDb();
        assertThat(journal.uncommittedEvents()).isZero();
        journal.append(Events.batch("b", 20)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void forgetRunsAfterEveryEarlierBatch() throws Exception {
        start(IngestJournal.SEGMENT_BYTES);
        holdTheWriter();
        journal.append(Events.batch("x", 4)).get(30, TimeUnit.SECONDS);
        CompletableFuture<OptionalLong> forgotten = journal.forget("forge", "x");
        release.countDown();

        assertThat(forgotten.get(30, TimeUnit.SECONDS)).hasValue(4);
        assertThat(Events.count(store, "")).isZero();
    }

    @Test
    void aForgottenMachineDoesNotComeBackByAReplay() throws Exception {
        start(IngestJournal.SEGMENT_BYTES);
        journal.append(Events.batch("x", 4)).get(30, TimeUnit.SECONDS);
        journal.append(Events.batch("y", 2)).get(30, TimeUnit.SECONDS);
        awaitDuckDb(); // committed, but the open segment that holds them would stay until it fills

        assertThat(journal.forget("forge", "x").get(30, TimeUnit.SECONDS)).hasValue(4);
        journal.append(Events.batch("x", 1)).get(30, TimeUnit.SECONDS); // the machine's next event, under a new id

        Path crashed = crashCopy("crashed-after-forget");
        assertThat(Events.replayedCount(crashed, "machine_id = 'x'"))
                .as("only the event sent after the erasure")
                .isEqualTo(1);
        assertThat(Events.count(store, "machine_id = 'y'")).isEqualTo(2);
    }
}
