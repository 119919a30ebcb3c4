package dev.candor.telemetry.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one hasher. Values that could identify a person or a project (current directory, file names)
 * are hashed with HMAC-SHA256 keyed by a per-installation secret that never leaves the machine, so a
 * dictionary of likely paths cannot reverse them. The MAC-based machine id is a plain SHA-256, as
 * DESIGN.md says, and is keyed again by the collector's own secret.
 */
public final class Hasher {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SecretKeySpec key;

    public Hasher(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Lower-case hex HMAC-SHA256 of the value under the installation secret. */
    public String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return hex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(String value) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
