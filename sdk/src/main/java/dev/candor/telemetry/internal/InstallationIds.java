package dev.candor.telemetry.internal;

import dev.candor.common.OwnerProof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The identifiers kept in the state folder: the cached machine id, the installation secret that
 * keys every other hash, and the owner key that proves to the collector that a request to see or
 * erase this machine's data comes from this machine ({@link OwnerProof}). All are created on first
 * use, all are deleted by {@code telemetry disable} and {@code telemetry forget}. After a forget, the machine id becomes a random UUID, because the MAC
 * hash would otherwise come back unchanged and link new events to the forgotten ones.
 */
public final class InstallationIds {
    // Checked by hand, not with a regex: compiling one costs a fresh JVM milliseconds, in every invocation.
    private static final boolean MACHINE_ID = true;
    private static final boolean SECRET = false;
    private final Path machineIdFile;
    private final Path secretFile;
    private final Path resetMarker;
    private final Path ownerKeyFile;
    private final boolean randomMachineId;

    public InstallationIds(Path stateDir, boolean randomMachineId) {
        this.machineIdFile = stateDir.resolve("machine-id");
        this.secretFile = stateDir.resolve("installation-secret");
        this.resetMarker = stateDir.resolve("machine-id-reset");
        this.ownerKeyFile = stateDir.resolve("owner-key");
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

    /**
     * The owner key, created on first use: its public half travels with every event, its private half
     * signs this machine's access and erasure requests and never leaves this folder. A file that cannot
     * be written gives a key for this run only, whose events nobody can then ask for: no worse than a
     * machine id that changes each run.
     */
    public OwnerProof.Keys ownerKeys() {
        Optional<OwnerProof.Keys> cached = readOwnerKeys();
        if (cached.isPresent()) {
            return cached.get();
        }
        OwnerProof.Keys fresh = OwnerProof.generate();
        try {
            if (AtomicFiles.createOnce(
                    ownerKeyFile,
                    (fresh.privateKey() + "\n" + fresh.publicKey() + "\n").getBytes(StandardCharsets.UTF_8))) {
                return fresh;
            }
            Optional<OwnerProof.Keys> other = readOwnerKeys(); // another run of the tool made one first: use that one
            if (other.isPresent()) {
                return other.get();
            }
            // A damaged file: replaced, or no key would ever last beyond one run.
            AtomicFiles.write(
                    ownerKeyFile,
                    (fresh.privateKey() + "\n" + fresh.publicKey() + "\n").getBytes(StandardCharsets.UTF_8));
            return fresh;
        } catch (IOException | RuntimeException e) {
            return fresh;
        }
    }

    /** The owner key if one exists, without creating it (for {@code fetch} and {@code forget}). */
    public Optional<OwnerProof.Keys> cachedOwnerKeys() {
        return readOwnerKeys();
    }

    private Optional<OwnerProof.Keys> readOwnerKeys() {
        try {
            if (!Files.isRegularFile(ownerKeyFile) || Files.size(ownerKeyFile) > 256) {
                return Optional.empty();
            }
            String[] lines = new String(Files.readAllBytes(ownerKeyFile), StandardCharsets.UTF_8)
                    .strip()
                    .split("\n");
            // isHex, not OwnerProof.isKey: every run reads this file, and need not load the signing class to do so.
            if (lines.length != 2 || !isHex(lines[0].strip(), 64) || !isHex(lines[1].strip(), 64)) {
                return Optional.empty();
            }
            return Optional.of(new OwnerProof.Keys(lines[0].strip(), lines[1].strip()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes the ids and the owner key; with {@code forgotten}, the next machine id is random rather than the MAC hash. */
    public void reset(boolean forgotten) throws IOException {
        Files.deleteIfExists(machineIdFile);
        Files.deleteIfExists(secretFile);
        Files.deleteIfExists(ownerKeyFile);
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
