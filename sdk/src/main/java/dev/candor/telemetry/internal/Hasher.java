package dev.candor.telemetry.internal;

import java.nio.charset.StandardCharsets;

/**
 * The one hasher. Values that could identify a person or a project (current directory, file names)
 * are hashed with HMAC-SHA256 keyed by a per-installation secret that never leaves the machine, so a
 * dictionary of likely paths cannot reverse them. The MAC-based machine id is a plain SHA-256, as
 * DESIGN.md says, and is keyed again by the collector's own secret.
 */
public final class Hasher {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final byte[] key;

    public Hasher(byte[] secret) {
        this.key = secret.clone();
    }

    /** Lower-case hex HMAC-SHA256 of the value under the installation secret. */
    public String hash(String value) {
        return hex(Sha256.hmac(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(String value) {
        return hex(Sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
