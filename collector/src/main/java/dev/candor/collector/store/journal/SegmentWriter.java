package dev.candor.collector.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's current segment file: appends entries, forces them to disk, and seals the file so
 * that the next entry starts a new one. Used by the journal thread only; it tells
 * {@link JournalSegments} which files exist and which are sealed.
 */
final class SegmentWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);

    private final Path dir;
    private final JournalSegments segments;
    private final long segmentBytes;
    /**
     * Entries are copied here and written in large pieces: a heap buffer handed to a channel goes
     * through a temporary direct buffer of its size that the JDK caches per thread, up to 1,024 of
     * them for one gathering write.
     */
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 20);

    private long nextSequence;
    private long sequence;
    private FileChannel channel;
    private long size;

    SegmentWriter(Path dir, JournalSegments segments, long segmentBytes, long firstSequence) {
        this.dir = dir;
        this.segments = segments;
        this.segmentBytes = segmentBytes;
        this.nextSequence = firstSequence;
    }

    boolean isOpen() {
        return channel != null;
    }

    /** The open segment's sequence number. */
    long sequence() {
        return sequence;
    }

    /** Whether {@code more} bytes, after {@code pending} not yet written, would overfill the open segment. */
    boolean wouldOverflow(long pending, long more) {
        return channel != null && size + pending > 0 && size + pending + more > segmentBytes;
    }

    void open() throws IOException {
        long seq = nextSequence++;
        Path file = dir.resolve(JournalSegments.fileName(seq));
        FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            JournalSegments.syncFolder(dir); // the new file's name must outlive a power cut as its contents do
        } catch (IOException e) {
            c.close();
            Files.deleteIfExists(file);
            throw e;
        }
        channel = c;
        sequence = seq;
        size = 0;
        segments.created(seq, file);
    }

    /**
     * Appends the entries to the open segment and forces them to disk; returns how long the force
     * took, in nanoseconds. When that fails, the unacknowledged bytes are cut off again before the
     * exception is thrown.
     */
    long write(List<ByteBuffer> entries) throws IOException {
        long total = 0;
        try {
            for (ByteBuffer e : entries) {
                ByteBuffer entry = e.duplicate();
                total += entry.remaining();
                if (entry.remaining() > out.remaining()) {
                    writeOut();
                }
                if (entry.remaining() > out.capacity()) {
                    writeFully(entry);
                } else {
                    out.put(entry);
                }
            }
            writeOut();
            long start = System.nanoTime();
            channel.force(false);
            long forced = System.nanoTime() - start;
            size += total;
            return forced;
        } catch (IOException e) {
            out.clear();
            cutBackTo(size);
            throw e;
        }
    }

    /**
     * After a failed write, takes the unacknowledged bytes off the segment. When even that fails the
     * segment is sealed as it is: its acknowledged entries come before the damage, it is deleted as
     * usual once they are committed, and only a crash before that makes a replay report it.
     */
    private void cutBackTo(long length) {
        try {
            channel.truncate(length);
            channel.position(length);
            channel.force(false);
        } catch (IOException e) {
            LOG.error(
                    "could not cut the failed write off journal segment {}; sealing it: {}",
                    JournalSegments.fileName(sequence),
                    e.getMessage());
            seal();
        }
    }

    private void writeOut() throws IOException {
        out.flip();
        try {
            writeFully(out);
        } finally {
            out.clear();
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Closes the open segment, if any: nothing more goes into it, and it may be deleted once committed. */
    void seal() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing journal segment {}: {}", JournalSegments.fileName(sequence), e.getMessage());
        }
        channel = null;
        segments.sealed(sequence);
    }

    /** Seals the open segment; returns the highest sequence used so far, every segment up to which is now sealed. */
    long sealAll() {
        seal();
        return nextSequence - 1;
    }
}
