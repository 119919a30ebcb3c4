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
     * What {@link #secure} would meet, without creating or changing anything ({@code candor check-config}).
     *
     * @return what was found, in words
     * @throws ConfigException naming {@code data-dir} when a start could not use it
     */
    static String check(Path dir) {
        Path absolute = dir.toAbsolutePath();
        if (!Files.exists(absolute)) {
            Path parent = absolute.getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new ConfigException("data-dir: " + dir + " does not exist and " + parent
                        + " is not a folder this user can write in");
            }
            return dir + " does not exist yet: the first start creates it (rwx------)";
        }
        if (!Files.isDirectory(absolute)) {
            throw new ConfigException("data-dir: " + dir + " exists and is not a folder");
        }
        if (!Files.isWritable(absolute)) {
            throw new ConfigException("data-dir: " + dir + " is not writable by this user");
        }
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(absolute));
            String owner = Files.getOwner(absolute).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                throw new ConfigException("data-dir: " + dir + " belongs to " + owner + ", not to " + me
                        + ", so a start cannot make it owner-only");
            }
            return dir + " (" + mode + (mode.equals("rwx------") ? "" : ", a start makes it rwx------") + ")";
        } catch (UnsupportedOperationException e) {
            return dir.toString();
        } catch (IOException | SecurityException e) {
            throw new ConfigException("data-dir: cannot read the mode of " + dir + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

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
                    // the folder itself, or one of its parents, is a file: name the one that is
                    Path taken = e.getFile() == null ? dir : Path.of(e.getFile());
                    throw new ConfigException("data-dir: " + taken + " exists and is not a folder");
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
