package dev.candor.collector.store.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's segment files and, for each, how many of its batches DuckDB has not committed yet.
 * A segment is deleted once it is sealed (nothing more is appended to it) and all its batches are
 * committed: from then on the store holds everything the file held. The journal thread creates,
 * fills and seals segments; the DuckDB writer reports commits; hence every method is synchronized.
 */
final class JournalSegments {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSegments.class);
    private static final Pattern NAME = Pattern.compile("segment-(\\d{16})\\.log(\\.corrupt)?");
    /** Windows cannot open a folder to sync it, and NTFS journals the folder's entries itself. */
    private static final boolean CAN_SYNC_FOLDERS =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final TreeMap<Long, Segment> live = new TreeMap<>();
    private final Path dir;
    private long bytes;

    private static final class Segment {
        final Path file;
        long bytes;
        int uncommitted;
        boolean sealed;

        Segment(Path file) {
            this.file = file;
        }
    }

    JournalSegments(Path dir) {
        this.dir = dir;
    }

    static String fileName(long sequence) {
        return String.format(Locale.ROOT, "segment-%016d.log", sequence);
    }

    /** The segments in {@code dir} in the order they were written, not counting those set aside as corrupt. */
    static List<Path> inOrder(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "segment-*.log")) {
            all.forEach(files::add);
        }
        files.removeIf(f -> !NAME.matcher(f.getFileName().toString()).matches());
        files.sort(Comparator.comparing(f -> f.getFileName().toString())); // zero-padded: by name is by sequence
        return files;
    }

    /** The highest sequence number used in {@code dir}, corrupt segments included, or 0. */
    static long highestSequence(Path dir) throws IOException {
        long highest = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "segment-*")) {
            for (Path f : all) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    highest = Math.max(highest, Long.parseLong(m.group(1)));
                }
            }
        }
        return highest;
    }

    /** Makes the creation, renaming or deletion of files in {@code dir} durable, as fsync does for contents. */
    static void syncFolder(Path dir) throws IOException {
        if (CAN_SYNC_FOLDERS) {
            try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
                c.force(true);
            }
        }
    }

    synchronized void created(long sequence, Path file) {
        live.put(sequence, new Segment(file));
    }

    /** One more batch, of {@code entryBytes} on disk, waits for DuckDB in this segment. */
    synchronized void appended(long sequence, long entryBytes) {
        Segment s = live.get(sequence);
        s.uncommitted++;
        s.bytes += entryBytes;
        bytes += entryBytes;
    }

    synchronized void committed(long sequence) {
        Segment s = live.get(sequence);
        s.uncommitted--;
        deleteIfDone(sequence, s);
    }

    synchronized void sealed(long sequence) {
        Segment s = live.get(sequence);
        s.sealed = true;
        deleteIfDone(sequence, s);
    }

    /**
     * Deletes every segment up to {@code sequence} (they must all be sealed and committed) and makes
     * the deletion durable: after this, no replay can bring back what those segments held.
     */
    synchronized void deleteThrough(long sequence) throws IOException {
        Iterator<Map.Entry<Long, Segment>> it =
                live.headMap(sequence, true).entrySet().iterator();
        while (it.hasNext()) {
            Segment s = it.next().getValue();
            if (!s.sealed || s.uncommitted > 0) {
                throw new IllegalStateException(s.file.getFileName() + " still has batches DuckDB has not committed");
            }
            Files.deleteIfExists(s.file);
            bytes -= s.bytes;
            it.remove();
        }
        syncFolder(dir);
    }

    /** Bytes of the segments still on disk. */
    synchronized long bytes() {
        return bytes;
    }

    /** Segments still on disk, the open one included. */
    synchronized int count() {
        return live.size();
    }

    private void deleteIfDone(long sequence, Segment s) {
        if (!s.sealed || s.uncommitted > 0) {
            return;
        }
        try {
            Files.deleteIfExists(s.file);
            bytes -= s.bytes;
            live.remove(sequence);
        } catch (IOException e) {
            // Harmless for now: the store has every batch, so a replay would only find duplicates.
            LOG.warn(
                    "could not delete journal segment {}: {}; tried again before the next erasure, replayed"
                            + " without duplicates at the next start otherwise",
                    s.file.getFileName(),
                    e.getMessage());
        }
    }
}
