package dev.candor.collector.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.Events;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from the journal files a crashed collector leaves, written here as the journal writes them. */
class JournalReplayTest {
    @TempDir
    Path data;

    private Path segment(long sequence, List<List<StoredEvent>> batches) throws IOException {
        Path dir = Files.createDirectories(data.resolve(IngestJournal.DIRECTORY));
        List<byte[]> entries = new ArrayList<>();
        for (List<StoredEvent> batch : batches) {
            ByteBuffer entry = JournalCodec.entry(batch);
            byte[] bytes = new byte[entry.remaining()];
            entry.get(bytes);
            entries.add(bytes);
        }
        Path file = dir.resolve(JournalSegments.fileName(sequence));
        Files.write(file, concat(entries));
        return file;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteBuffer all =
                ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length).sum());
        parts.forEach(all::put);
        return all.array();
    }

    private List<String> journalFiles() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve(IngestJournal.DIRECTORY))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void batchesDuckDbNeverGotAreStoredAndTheSegmentsDeleted() throws Exception {
        segment(1, List.of(Events.batch("a", 3), Events.batch("b", 2)));
        segment(2, List.of(Events.batch("c", 4)));

        try (DuckDbEventStore store = DuckDbEventStore.open(data)) {
            JournalReplay.Report report = JournalReplay.replay(data, store);

            assertThat(report).isEqualTo(new JournalReplay.Report(2, 3, 9, 9, 0, 0));
            assertThat(Events.count(store, "")).isEqualTo(9);
            assertThat(Events.count(store, "machine_id = 'c'")).isEqualTo(4);
            assertThat(journalFiles()).isEmpty();
            assertThat(JournalReplay.replay(data, store).segments())
                    .as("a second replay")
                    .isZero();
        }
    }

    @Test
    void eventsInBothTheJournalAndTheStoreAreStoredOnce() throws Exception {
        List<StoredEvent> committed = Events.batch("a", 5);
        List<StoredEvent> notYet = Events.batch("b", 3);
        try (DuckDbEventStore store = DuckDbEventStore.open(data)) {
            store.insert(committed);
        }
        segment(1, List.of(committed, notYet));
        segment(2, List.of(notYet)); // a client's resend

        try (DuckDbEventStore store = DuckDbEventStore.open(data)) {
            JournalReplay.Report report = JournalReplay.replay(data, store);

            assertThat(report.events()).isEqualTo(11);
            assertThat(report.stored()).isEqualTo(3);
            assertThat(report.duplicates()).isEqualTo(8);
            assertThat(Events.count(store, "")).isEqualTo(8);
        }
    }

    @Test
    void aTornTailOfTheLastSegmentIsIgnored() throws Exception {
        Path last = segment(1, List.of(Events.batch("a", 2), Events.batch("b", 2)));
        byte[] torn = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(torn, torn.length - 7)); // the second entry's fsync never returned

        try (DuckDbEventStore store = DuckDbEventStore.open(data)) {
            JournalReplay.Report report = JournalReplay.replay(data, store);

            assertThat(Events.count(store, "")).isEqualTo(2);
            assertThat(Events.count(store, "machine_id = 'a'")).isEqualTo(2);
            assertThat(report.tornTailBytes()).isPositive();
            assertThat(report.corruptSegments()).isZero();
            assertThat(journalFiles()).isEmpty();
        }
    }

    @Test
    void zerosAtTheEndOfTheLastSegmentAreATornTail() throws Exception {
        Path last = segment(1, List.of(Events.batch("a", 2)));
        Files.write(last, new byte[4096], java.nio.file.StandardOpenOption.APPEND);

        try (DuckDbEventStore store = DuckDbEventStore.open(data)) {
            JournalReplay.Report report = JournalReplay.replay(data, store);

            assertThat(Events.count(store, "")).isEqualTo(2);
            assertThat(report.tornTailBytes()).isEqualTo(4096);
        }
    }

    @Test
    void aDamagedEarlierSegmentIsReportedAndSetAsideAndTheRestReplayed() throws Exception {
        List<StoredEvent> before = Events.batch("before", 2);
        List<StoredEvent> damaged = Events.batch("damaged", 2);
        Path middle = segment(1, List.of(before, damaged, Events.batch("after", 2)));
        segment(2, List.of(Events.batch("later", 3)));
        byte[] bytes = Files.readAllBytes(middle);
        int inDamaged = JournalCodec.entry(before).remaining() + JournalCodec.HEADER_BYTES + 20;
        bytes[inDamaged] ^= 0x55;
        Files.write(middle, bytes);

        try (DuckDbEventStore store = DuckDbEventStore.open(data)) {
            JournalReplay.Report report = JournalReplay.replay(data, store);

            assertThat(report.corruptSegments()).isEqualTo(1);
            assertThat(Events.count(store, "machine_id = 'before'")).isEqualTo(2);
            assertThat(Events.count(store, "machine_id IN ('damaged', 'after')"))
                    .isZero();
            assertThat(Events.count(store, "machine_id = 'later'")).isEqualTo(3);
            assertThat(journalFiles()).containsExactly(JournalSegments.fileName(1) + ".corrupt");
            assertThat(JournalReplay.replay(data, store).segments())
                    .as("the set-aside file is not replayed again")
                    .isZero();
        }
    }
}
