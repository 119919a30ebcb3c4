package dev.candor.collector.store.journal;

import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery: puts what the journal holds into the store, before anything else writes to it. Run it
 * on every read-write open of a store that a collector wrote to (the collector's start,
 * {@code candor retention}, {@code aggregate}, {@code publish}).
 *
 * <p>Segments are read in order and every entry's CRC is checked. In the <b>last</b> segment, the
 * first entry that is cut short or damaged ends the replay: it was being written when the
 * collector died, its {@code fsync} never returned, so it was never acknowledged. Damage in an
 * <b>earlier</b> segment is a real error: the entries before it are replayed, the file is kept as
 * {@code .corrupt}, the error is logged, and the replay goes on. Events go in through
 * {@link EventStore#insert} in large chunks; its id set skips events already stored, so a replay
 * stores each event once however often it runs. The segments are deleted only after the last chunk
 * is committed.
 */
public final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
    private static final int CHUNK_EVENTS = 50_000;

    private JournalReplay() {}

    /** What a replay found; {@code tornTailBytes} were cut-off bytes at the end of the last segment. */
    public record Report(
            int segments, long batches, long events, long stored, long tornTailBytes, int corruptSegments) {
        public long duplicates() {
            return events - stored;
        }
    }

    /** Replays {@code dataDir/journal} into {@code store} and deletes the segments; logs one line if there were any. */
    public static Report replay(Path dataDir, EventStore store) throws StoreException {
        Path dir = dataDir.resolve(IngestJournal.DIRECTORY);
        List<Path> files;
        try {
            files = JournalSegments.inOrder(dir);
        } catch (IOException e) {
            throw new StoreException("cannot list the journal folder " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            return new Report(0, 0, 0, 0, 0, 0);
        }
        long started = System.nanoTime();
        Replaying r = new Replaying(store);
        List<Path> corrupt = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (!r.read(files.get(i), i == files.size() - 1)) {
                corrupt.add(files.get(i));
            }
        }
        r.insertChunk();
        try {
            for (Path f : files) {
                if (corrupt.contains(f)) {
                    Files.move(f, f.resolveSibling(f.getFileName() + ".corrupt"));
                } else {
                    Files.delete(f);
                }
            }
            JournalSegments.syncFolder(dir);
        } catch (IOException e) {
            // Everything is committed: a later replay of what is left only finds duplicates.
            LOG.warn("journal replayed, but its segments could not all be deleted: {}", e.getMessage());
        }
        Report report = new Report(files.size(), r.batches, r.events, r.stored, r.tornTailBytes, corrupt.size());
        LOG.info(String.format(
                Locale.ROOT,
                "journal replayed segments=%d batches=%d events=%d stored=%d duplicates=%d"
                        + " torn_tail_bytes=%d corrupt_segments=%d seconds=%.1f",
                report.segments(),
                report.batches(),
                report.events(),
                report.stored(),
                report.duplicates(),
                report.tornTailBytes(),
                report.corruptSegments(),
                (System.nanoTime() - started) / 1e9));
        return report;
    }

    /** Segments waiting in {@code dataDir/journal}: a store opened read-only does not hold their events yet. */
    public static int segmentsWaiting(Path dataDir) throws IOException {
        return JournalSegments.inOrder(dataDir.resolve(IngestJournal.DIRECTORY)).size();
    }

    /** One replay's progress: the chunk being filled and the counts. */
    private static final class Replaying {
        private final EventStore store;
        private final List<StoredEvent> chunk = new ArrayList<>();
        long batches;
        long events;
        long stored;
        long tornTailBytes;

        Replaying(EventStore store) {
            this.store = store;
        }

        /** Replays one segment's entries up to its end or its first damage; false when an earlier segment is damaged. */
        boolean read(Path file, boolean last) throws StoreException {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = in.size();
                long at = 0;
                ByteBuffer header = ByteBuffer.allocate(JournalCodec.HEADER_BYTES);
                while (at < size) {
                    String damage;
                    try {
                        if (size - at < JournalCodec.HEADER_BYTES) {
                            throw new JournalCodec.Malformed("the file ends inside an entry's header");
                        }
                        readFully(in, header.clear(), at);
                        int length = JournalCodec.payloadLength(header);
                        if (size - at - JournalCodec.HEADER_BYTES < length) {
                            throw new JournalCodec.Malformed("the file ends inside an entry");
                        }
                        ByteBuffer payload = ByteBuffer.allocate(length);
                        readFully(in, payload, at + JournalCodec.HEADER_BYTES);
                        add(JournalCodec.payload(header, payload.flip()));
                        at += JournalCodec.HEADER_BYTES + length;
                        continue;
                    } catch (JournalCodec.Malformed e) {
                        damage = e.getMessage();
                    }
                    if (last) {
                        tornTailBytes = size - at;
                        return true;
                    }
                    LOG.error(
                            "journal segment {} is damaged at byte {} of {} ({}). The batches before the damage are"
                                    + " replayed; the file is kept as {}.corrupt; batches after the damage, acknowledged once,"
                                    + " are not in the store. Check the disk.",
                            file.getFileName(),
                            at,
                            size,
                            damage,
                            file.getFileName());
                    return false;
                }
                return true;
            } catch (IOException e) {
                throw new StoreException("cannot read journal segment " + file + ": " + e.getMessage(), e);
            }
        }

        private void add(List<StoredEvent> batch) throws StoreException {
            batches++;
            events += batch.size();
            chunk.addAll(batch);
            if (chunk.size() >= CHUNK_EVENTS) {
                insertChunk();
            }
        }

        void insertChunk() throws StoreException {
            if (!chunk.isEmpty()) {
                try {
                    stored += store.insert(chunk);
                } catch (StoreException e) {
                    throw new StoreException(
                            "cannot replay the journal into the store (its segments are kept for the" + " next try): "
                                    + e.getMessage(),
                            e);
                }
                chunk.clear();
            }
        }

        private static void readFully(FileChannel in, ByteBuffer into, long at) throws IOException {
            while (into.hasRemaining()) {
                if (in.read(into, at + into.position()) < 0) {
                    throw new IOException("the file shrank while it was read");
                }
            }
        }
    }
}
