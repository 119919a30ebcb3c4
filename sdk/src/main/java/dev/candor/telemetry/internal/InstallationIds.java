package dev.candor.telemetry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The identifiers kept in the state folder: the cached machine id and the installation secret that
 * keys every other hash. Both are created on first use, both are deleted by {@code telemetry disable}
 * and {@code telemetry forget}. After a forget, the machine id becomes a random UUID, because the MAC
 * hash would otherwise come back unchanged and link new events to the forgotten ones.
 */
public final class InstallationIds {
    // Checked by hand, not with a regex: compiling one costs a fresh JVM milliseconds, in every invocation.
    private static final boolean MACHINE_ID = true;
    private static final boolean SECRET = false;
    private final Path machineIdFile;
    private final Path secretFile;
    private final Path resetMarker;
    private final boolean randomMachineId;

    public InstallationIds(Path stateDir, boolean randomMachineId) {
        this.machineIdFile = stateDir.resolve("machine-id");
        this.secretFile = stateDir.resolve("installation-secret");
        this.resetMarker = stateDir.resolve("machine-id-reset");
        this.randomMachineId = randomMachineId;
    }

    /** The cached machine id, computing and caching it on first use. A cache that cannot be written is recomputed. */
    public String machineId() {
        Optional<String> cached = readMatching(machineIdFile, MACHINE_ID);
        if (cached.isPresent()) {
            return cached.get();
        }
        boolean random = randomMachineId || Files.exists(resetMarker);
        Optional<String> fromMac = random ? Optional.empty() : MachineIdSource.fromMacAddress();
        String id = fromMac.isPresent() ? fromMac.get() : MachineIdSource.randomId();
        writeQuietly(machineIdFile, id);
        return id;
    }

    /** The per-installation secret (32 random bytes), created on first use. */
    public byte[] secret() {
        Optional<String> cached = readMatching(secretFile, SECRET);
        String hex;
        if (cached.isPresent()) {
            hex = cached.get();
        } else {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            hex = Hasher.hex(bytes);
            writeQuietly(secretFile, hex);
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Deletes both ids; with {@code forgotten}, the next machine id is random rather than the MAC hash. */
    public void reset(boolean forgotten) throws IOException {
        Files.deleteIfExists(machineIdFile);
        Files.deleteIfExists(secretFile);
        if (forgotten) {
            AtomicFiles.write(resetMarker, "forgotten\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** True when the machine id is cached (used by {@code status} without creating one). */
    public Optional<String> cachedMachineId() {
        return readMatching(machineIdFile, MACHINE_ID);
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** 36 characters of lower-case hex and dashes, as a random UUID is written. */
    private static boolean isUuidLike(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** @param machineId true for a machine id (a SHA-256 or a UUID), false for the secret (a SHA-256's length of hex) */
    private static Optional<String> readMatching(Path file, boolean machineId) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256) {
                return Optional.empty();
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            boolean valid = isHex(text, 64) || machineId && isUuidLike(text);
            return valid ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeQuietly(Path file, String value) {
        try {
            AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // A read-only state folder: the id is recomputed next run; the secret then changes too,
            // which only makes hashes less linkable.
        }
    }
}
