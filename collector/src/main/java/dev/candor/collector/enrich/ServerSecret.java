package dev.candor.collector.enrich;

import dev.candor.collector.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The key the collector hashes machine ids with. Given by the operator (several collectors behind
 * one load balancer must share it), or generated on first start into {@code server.secret} in the
 * data folder, readable by the owner only. Losing it unlinks new events from old ones; leaking it
 * lets someone test guesses of MAC addresses against stored ids, so it never appears in a log.
 */
public final class ServerSecret {
    public static final String FILE_NAME = "server.secret";

    private ServerSecret() {}

    public static byte[] load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read or create " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * What a start would use, without creating anything ({@code candor check-config}).
     *
     * @return where the secret comes from, in words
     * @throws ConfigException when the kept file cannot be read or is not a secret
     */
    public static String check(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return "set by server-secret";
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return "none yet: the first start creates " + file;
        }
        try {
            read(file);
            return "kept in " + file;
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static byte[] read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.length() < 64 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ConfigException(file + " is not a server secret (64+ hex digits); restore it from a backup, "
                    + "or delete it to start a new one (new ids will not match stored ones)");
        }
        return HexFormat.of().parseHex(text.length() % 2 == 0 ? text : text.substring(1));
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] text = (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            // another process made it first: use theirs
        }
    }
}
