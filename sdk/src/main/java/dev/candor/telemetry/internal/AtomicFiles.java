package dev.candor.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files that another process never sees half-written: write beside, then rename. Folders and files are
 * owner-only where the platform has POSIX permissions, since they hold the installation's secret.
 */
public final class AtomicFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = besideWith(target, content);
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code target} unless it exists; true when this call created it. Two processes that race
     * to create it agree on one content: the first to link its file wins, the other reads that one.
     */
    public static boolean createOnce(Path target, byte[] content) throws IOException {
        Path tmp = besideWith(target, content);
        try {
            try {
                Files.createLink(target, tmp); // fails, atomically, when the target exists
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (e instanceof java.nio.file.FileAlreadyExistsException) {
                    return false;
                }
                // No hard links here (FAT, some network shares): a move that does not replace, nearly as good.
                Files.move(tmp, target);
            }
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new file beside {@code target} holding {@code content}, for a rename or a link onto it. */
    private static Path besideWith(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectory(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean written = false;
        // Created owner-only in one step: the file is never readable by others, not even briefly.
        try (SeekableByteChannel ch = Files.newByteChannel(
                tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(tmp);
            }
        }
        return tmp;
    }

    public static void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Deletes a folder tree; missing is fine; what cannot be deleted is left and reported by the caller. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
