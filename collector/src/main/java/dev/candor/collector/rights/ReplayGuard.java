package dev.candor.collector.rights;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes each signed request single-use: a request is accepted once, and only while its time is within
 * {@code window} seconds of the collector's clock; the nonces of accepted requests are remembered until
 * their time has left the window, after which the time check alone refuses them. Bounded: when full of
 * live nonces it refuses new requests rather than forget one that could be replayed.
 */
final class ReplayGuard {
    private final long windowSeconds;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

    ReplayGuard(long windowSeconds, int maxEntries) {
        this.windowSeconds = windowSeconds;
        this.maxEntries = maxEntries;
    }

    enum Verdict {
        FRESH,
        OUT_OF_WINDOW,
        REPLAYED,
        FULL
    }

    /** Checks a request's time and records its nonce when it is the first use. */
    Verdict admit(String ownerKey, String nonce, long requestSeconds, long nowSeconds) {
        if (Math.abs(nowSeconds - requestSeconds) > windowSeconds) {
            return Verdict.OUT_OF_WINDOW;
        }
        if (seen.size() >= maxEntries) {
            seen.values().removeIf(t -> Math.abs(nowSeconds - t) > windowSeconds);
            if (seen.size() >= maxEntries) {
                return Verdict.FULL;
            }
        }
        return seen.putIfAbsent(ownerKey + ':' + nonce, requestSeconds) == null ? Verdict.FRESH : Verdict.REPLAYED;
    }
}
