package dev.candor.collector.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.dashboard.AdminToken;
import dev.candor.collector.enrich.ServerSecret;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.ReadOnlyStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A backup of a data folder, and its restore. A backup is a folder: the store as committed at one
 * moment ({@code candor.duckdb}), the server secret and the admin token's hash (without them, restored
 * machine ids would not match new ones and the dashboard would need a new token), the published
 * files, and {@value #MANIFEST} listing each file's size and SHA-256, written last. The journal is not
 * in it: the store is copied after every event acknowledged before the backup was committed.
 */
public final class Backup {
    /** The manifest's file name, in the backup folder. */
    public static final String MANIFEST = "candor-backup.json";

    static final String FORMAT = "candor.backup.v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Backup() {}

    /** Copies the store, as committed now, to a file that does not exist yet. */
    @FunctionalInterface
    public interface Snapshot {
        void to(Path target) throws StoreException;
    }

    /**
     * What a backup or a restore holds.
     *
     * @param folder the backup folder (or the data folder restored into)
     * @param events events in the store copied
     * @param bytes  bytes of all files
     * @param files  the files, relative to the folder
     */
    public record Result(Path folder, long events, long bytes, List<String> files) {
        /** One line for the operator. */
        public String summary() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%,d events, %d files, %.1f MiB in %s",
                    events,
                    files.size(),
                    bytes / 1048576.0,
                    folder);
        }
    }

    /**
     * Writes a backup of {@code dataDir} to {@code out}, which must not exist (or be an empty folder).
     * The folder appears whole or not at all: it is written as {@code out.partial}, then renamed.
     *
     * @param snapshot copies the store; called only when {@code dataDir} holds one
     * @throws ConfigException when {@code out} is taken
     * @throws StoreException  when the store cannot be copied
     */
    public static Result write(Path dataDir, Path out, Snapshot snapshot, String candorVersion) throws StoreException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyFolder(target)) {
            throw new ConfigException("--out: " + out + " exists and is not an empty folder; give a new one");
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            deleteTree(partial);
            Files.createDirectories(target.getParent());
            Files.createDirectory(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<String> files = new ArrayList<>();
            if (Files.isRegularFile(dataDir.resolve(DuckDbEventStore.FILE_NAME))) {
                snapshot.to(partial.resolve(DuckDbEventStore.FILE_NAME));
                files.add(DuckDbEventStore.FILE_NAME);
            }
            for (String name : List.of(ServerSecret.FILE_NAME, AdminToken.FILE_NAME)) {
                if (Files.isRegularFile(dataDir.resolve(name))) {
                    Files.copy(dataDir.resolve(name), partial.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                    files.add(name);
                }
            }
            Path published = dataDir.resolve("published");
            if (Files.isDirectory(published)) {
                Files.createDirectory(partial.resolve("published"));
                try (Stream<Path> list = Files.list(published)) {
                    for (Path p : list.filter(Files::isRegularFile).sorted().toList()) {
                        Files.copy(p, partial.resolve("published").resolve(p.getFileName()));
                        files.add("published/" + p.getFileName());
                    }
                }
            }
            long events = files.contains(DuckDbEventStore.FILE_NAME)
                    ? countEvents(partial.resolve(DuckDbEventStore.FILE_NAME))
                    : 0;
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("candorVersion", candorVersion);
            manifest.put("created", Instant.now().toString());
            manifest.put("events", events);
            manifest.put("schemaVersion", dev.candor.collector.store.duckdb.DuckDbEventStore.SCHEMA_VERSION);
            ArrayNode list = manifest.putArray("files");
            long bytes = 0;
            for (String f : files) {
                Path p = partial.resolve(f);
                long size = Files.size(p);
                bytes += size;
                list.addObject().put("path", f).put("bytes", size).put("sha256", sha256(p));
            }
            Files.write(
                    partial.resolve(MANIFEST),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            if (Files.exists(target)) {
                Files.delete(target); // the empty folder the operator gave
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return new Result(target, events, bytes, List.copyOf(files));
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new StoreException(
                    "could not write the backup to " + out + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                    e);
        } catch (StoreException | RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    /**
     * Restores the backup in {@code from} into {@code dataDir}, which must hold no store, secret or token
     * (a new or an emptied folder): every file is checked against the manifest first.
     *
     * @throws ConfigException when the backup is damaged or {@code dataDir} is not free
     */
    public static Result restore(Path from, Path dataDir) {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(from.resolve(MANIFEST).toFile());
        } catch (IOException e) {
            throw new ConfigException("--from: " + from + " is not a Candor backup (no readable " + MANIFEST + ")");
        }
        if (manifest == null || !FORMAT.equals(manifest.path("format").asText())) {
            throw new ConfigException("--from: " + from.resolve(MANIFEST) + " is not a " + FORMAT + " manifest");
        }
        List<String> files = new ArrayList<>();
        long bytes = 0;
        for (JsonNode f : manifest.path("files")) {
            String path = f.path("path").asText();
            if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new ConfigException("--from: the manifest names a file outside the backup: '" + path + "'");
            }
            Path p = from.resolve(path);
            try {
                if (!Files.isRegularFile(p)
                        || Files.size(p) != f.path("bytes").asLong()
                        || !sha256(p).equals(f.path("sha256").asText())) {
                    throw new ConfigException("--from: " + p + " is missing or damaged (its size or SHA-256 is not the"
                            + " manifest's); nothing was restored");
                }
            } catch (IOException e) {
                throw new ConfigException(
                        "--from: cannot read " + p + " (" + e.getClass().getSimpleName() + ")");
            }
            files.add(path);
            bytes += f.path("bytes").asLong();
        }
        for (String taken : List.of(DuckDbEventStore.FILE_NAME, ServerSecret.FILE_NAME, AdminToken.FILE_NAME)) {
            if (Files.exists(dataDir.resolve(taken))) {
                throw new ConfigException("data-dir: " + dataDir + " holds " + taken + " already; restore into a new"
                        + " folder (or move this one aside), so nothing is overwritten");
            }
        }
        try {
            if (!Files.exists(dataDir)) {
                Files.createDirectories(dataDir.toAbsolutePath().getParent());
                Files.createDirectory(
                        dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            for (String f : files) {
                Path source = from.resolve(f);
                Path dest = dataDir.resolve(f);
                Files.createDirectories(dest.getParent());
                Path part = dest.resolveSibling(dest.getFileName() + ".restoring");
                Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                Files.move(part, dest, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException("data-dir: " + e.getFile() + " exists; restore into a new folder");
        } catch (IOException e) {
            throw new ConfigException("data-dir: cannot restore into " + dataDir + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return new Result(dataDir, manifest.path("events").asLong(), bytes, List.copyOf(files));
    }

    private static long countEvents(Path store) throws StoreException {
        try (ReadOnlyStore copy = ReadOnlyStore.open(store);
                Statement s = copy.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("the copied store does not open: " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static boolean isEmptyFolder(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException ignored) {
            // a partial folder is named .partial; the next backup to the same place removes it
        }
    }
}
