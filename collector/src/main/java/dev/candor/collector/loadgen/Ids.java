package dev.candor.collector.loadgen;

import java.util.SplittableRandom;
import java.util.UUID;

/** Random identifiers in the SDK's formats, from a fast non-cryptographic source (they identify nothing real). */
final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    /** A random version-4 UUID, as {@code log.record.uid} and {@code session.id} are. */
    static String uuid(SplittableRandom r) {
        long hi = r.nextLong() & ~0xF000L | 0x4000L;
        long lo = r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** 64 lower-case hex digits, the shape of the SDK's SHA-256 and HMAC values. */
    static String hex64(SplittableRandom r) {
        char[] out = new char[64];
        for (int i = 0; i < 64; i += 16) {
            long v = r.nextLong();
            for (int j = 15; j >= 0; j--) {
                out[i + j] = HEX[(int) (v & 0xf)];
                v >>>= 4;
            }
        }
        return new String(out);
    }
}
