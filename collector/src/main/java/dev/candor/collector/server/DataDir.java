package dev.candor.collector.server;

import dev.candor.collector.config.ConfigException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder is readable by the collector's user alone: it holds the store (raw events), the
 * journal, the server secret and the admin token's hash. Whatever modes DuckDB and the JVM give the files
 * inside, a folder of mode {@code rwx------} keeps every other user out.
 */
final class DataDir {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DataDir() {}

    /**
     * Creates the folder owner-only, or makes an existing one so.
     *
     * @throws ConfigException naming {@code data-dir} when it cannot be created or changed
     */
    static void secure(Path dir) {
        try {
            try {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) {
                    throw new ConfigException("data-dir: " + dir + " exists and is not a folder");
                }
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            if (!Files.isWritable(dir)) {
                throw new ConfigException("data-dir: " + dir + " is not writable by this user");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): its ACLs are the operator's to set
        } catch (IOException | SecurityException e) {
            throw new ConfigException("data-dir: cannot create or secure " + dir + " ("
                    + e.getClass().getSimpleName() + "); check that this user owns it");
        }
    }
}
