package dev.candor.telemetry.internal;

import dev.candor.telemetry.TelemetryLevel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * The bounded on-disk queue between a run and the collector. Each run adds one file (written beside
 * and renamed, so a reader never sees half of one); files carry a checksum so corrupt or truncated
 * ones are recognised and removed; the queue keeps under a size and count cap by dropping the oldest;
 * only the process holding the sender lock sends, so two invocations never send the same file at once.
 */
public final class SpoolQueue {
    private static final String MAGIC = "candor-spool 1 ";
    private static final String SUFFIX = ".otlp";
    private static final long STALE_TMP_MILLIS = 10 * 60_000L;
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final int maxFiles;
    private final long maxAgeMillis;
    private final Clock clock;
    private volatile Stats known;

    public SpoolQueue(Path dir, long maxBytes, int maxFiles, long maxAgeMillis, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /** Queues one run's payload; events needing a higher level than the sender's are kept back later. */
    public void add(String payload, TelemetryLevel required) throws IOException {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        String header = MAGIC + required.id() + " " + Long.toHexString(crc.getValue()) + " " + body.length + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        // Zero-padded by hand: String.format would start a Formatter (and its regex) on the tool's thread.
        String millis = Long.toString(clock.millis());
        String name = "0000000000000".substring(Math.min(13, millis.length())) + millis + "-" + required.id() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + SUFFIX;
        AtomicFiles.write(dir.resolve(name), all);
        Stats before = known;
        if (before == null || before.files() + 1 > maxFiles || before.bytes() + all.length > maxBytes) {
            known = enforceCap(maxBytes, maxFiles);
        } else {
            known = new Stats(before.files() + 1, before.bytes() + all.length);
        }
    }

    /**
     * Trims the queue to leave room for this run's file, off the tool's thread, so that {@link #add}
     * usually only writes. A tenth of the cap stays free for runs of the tool that end at the same time.
     */
    public void makeRoom() {
        known = enforceCap(maxBytes - maxBytes / 10, maxFiles - Math.max(1, maxFiles / 10));
    }

    /** Exercises the write path once (a file written and removed) so its classes load off the tool's thread. */
    public void warmUp() {
        try {
            Path probe = dir.resolve(".warm-up");
            AtomicFiles.write(probe, new byte[] {'\n'});
            Files.deleteIfExists(probe);
            new CRC32().update(probe.toString().getBytes(StandardCharsets.UTF_8));
            files();
        } catch (IOException | RuntimeException e) {
            // The real write will report its own problem, if any.
        }
    }

    /** Valid entries the given level may send, oldest first, within the batch limits. Corrupt and stale files are removed. */
    public List<Entry> pending(TelemetryLevel allowed, int maxEntries, long maxBatchBytes) {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (Path file : files()) {
            if (out.size() >= maxEntries) {
                break;
            }
            Optional<Entry> entry = read(file);
            if (entry.isEmpty()) {
                deleteQuietly(file);
                continue;
            }
            if (!allowed.allows(entry.get().level())) {
                continue;
            }
            long size = entry.get().payload().length();
            if (!out.isEmpty() && bytes + size > maxBatchBytes) {
                break;
            }
            bytes += size;
            out.add(entry.get());
        }
        return out;
    }

    /** Every readable entry, for {@code telemetry show} and {@code export}. */
    public List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Path file : files()) {
            Optional<Entry> entry = read(file);
            if (entry.isPresent()) {
                out.add(entry.get());
            }
        }
        return out;
    }

    public void remove(List<Entry> entries) {
        for (Entry e : entries) {
            deleteQuietly(e.file());
        }
    }

    /** The sender lock, or empty when another process (or thread) is sending. Released by the OS if we die. */
    public Optional<FileLock> tryLockSender() {
        try {
            AtomicFiles.ensureDirectory(dir);
            FileChannel channel =
                    FileChannel.open(dir.resolve(".sender.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(lock);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Epoch millis before which no process should send (a collector's {@code Retry-After}). */
    public long notBefore() {
        try {
            Path f = dir.resolve(".retry-after");
            if (!Files.isRegularFile(f) || Files.size(f) > 32) {
                return 0;
            }
            long value = Long.parseLong(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).trim());
            // A value far in the future means the clock moved or the file was tampered with: ignore it.
            return value > clock.millis() + 3_600_000L ? 0 : value;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    public void setNotBefore(long epochMillis) {
        try {
            AtomicFiles.write(
                    dir.resolve(".retry-after"), Long.toString(epochMillis).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            // Best effort: without it the next run may retry a little early, which the collector tolerates.
        }
    }

    /** Files queued and their total size. */
    public Stats stats() {
        long bytes = 0;
        List<Path> files = files();
        for (Path f : files) {
            bytes += sizeOf(f);
        }
        return new Stats(files.size(), bytes);
    }

    /**
     * The number of queued files, from their names alone (no file is read or stat'ed, nothing is deleted):
     * cheap enough for an uploader to look while it waits.
     */
    public int countQueued() {
        int n = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (p.getFileName().toString().endsWith(SUFFIX)) {
                    n++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return n;
    }

    public void clear() throws IOException {
        AtomicFiles.deleteTree(dir);
    }

    /** Drops the oldest files until the queue fits the limits; returns what is left. */
    private Stats enforceCap(long limitBytes, int limitFiles) {
        List<Path> files = files();
        long total = 0;
        long[] sizes = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = sizeOf(files.get(i));
            total += sizes[i];
        }
        int count = files.size();
        for (int i = 0; i < files.size() && (total > limitBytes || count > limitFiles); i++) {
            deleteQuietly(files.get(i));
            total -= sizes[i];
            count--;
        }
        return new Stats(count, total);
    }

    /** Queue files, oldest first; stale temporary files and files past the age limit are removed on the way. */
    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        long now = clock.millis();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // Compared with the file system's own clock: a file being written right now by another
                    // process must never look stale, whatever clock the SDK was given.
                    if (System.currentTimeMillis() - modified(p) > STALE_TMP_MILLIS) {
                        deleteQuietly(p);
                    }
                } else if (name.endsWith(SUFFIX)) {
                    long created = createdMillis(name);
                    // The name holds the writing process's clock. A clock far behind (a dead RTC battery, a
                    // faked clock) would make a file written a minute ago look months old, so a file is only
                    // stale when the file system's own clock agrees that it is old.
                    if (created < 0
                            || now - created > maxAgeMillis
                                    && System.currentTimeMillis() - modified(p) > maxAgeMillis) {
                        deleteQuietly(p);
                    } else {
                        out.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static long createdMillis(String name) {
        int dash = name.indexOf('-');
        if (dash != 13) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<Entry> read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            byte[] all = Files.readAllBytes(file);
            int nl = 0;
            while (nl < all.length && nl < 128 && all[nl] != '\n') {
                nl++;
            }
            if (nl >= all.length || all[nl] != '\n') {
                return Optional.empty();
            }
            String header = new String(all, 0, nl, StandardCharsets.US_ASCII);
            if (!header.startsWith(MAGIC)) {
                return Optional.empty();
            }
            String[] parts = header.substring(MAGIC.length()).split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            Optional<TelemetryLevel> level = TelemetryLevel.parse(parts[0]);
            long crcExpected = Long.parseLong(parts[1], 16);
            int length = Integer.parseInt(parts[2]);
            if (level.isEmpty() || length != all.length - nl - 1) {
                return Optional.empty();
            }
            CRC32 crc = new CRC32();
            crc.update(all, nl + 1, length);
            if (crc.getValue() != crcExpected) {
                return Optional.empty();
            }
            return Optional.of(new Entry(file, new String(all, nl + 1, length, StandardCharsets.UTF_8), level.get()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            // A file we cannot delete is retried on the next pass; the cap still counts it.
        }
    }

    /** One queued payload. */
    public record Entry(Path file, String payload, TelemetryLevel level) {}

    /** Size of the queue. */
    public record Stats(int files, long bytes) {}
}
