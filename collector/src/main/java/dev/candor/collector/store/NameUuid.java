package dev.candor.collector.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Name-based UUIDs (version 8, RFC 4122 variant) from the first 16 bytes of a SHA-256 digest. */
public final class NameUuid {
    private NameUuid() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The UUID of a digest of at least 16 bytes. */
    public static UUID of(byte[] digest) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (digest[i] & 0xff);
            lo = (lo << 8) | (digest[i + 8] & 0xff);
        }
        hi = (hi & ~0xF000L) | 0x8000L; // version 8: custom
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 4122 variant
        return new UUID(hi, lo);
    }
}
