package dev.candor.collector.ingest;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (an ingest key, or a client network): {@code perSecond} requests a second
 * with bursts of twice that. Answers how long to wait, for {@code Retry-After}. The map is bounded:
 * when it grows past {@code maxKeys}, buckets that have refilled (idle clients) are forgotten.
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    /** {@code perSecond} 0 turns limiting off. */
    public RateLimiter(int perSecond, int maxKeys) {
        this(perSecond, Math.max(1, perSecond * 2.0), maxKeys);
    }

    /** {@code perSecond} may be a fraction (a few a minute); {@code burst} requests may come at once. */
    public RateLimiter(double perSecond, double burst, int maxKeys) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.maxKeys = maxKeys;
    }

    /** At most {@code perMinute} a minute, all of them at once if they come so; 0: no limit. */
    public static RateLimiter perMinute(int perMinute, int maxKeys) {
        return new RateLimiter(perMinute / 60.0, perMinute, maxKeys);
    }

    public boolean enabled() {
        return perNano > 0;
    }

    /** 0 when the request may go ahead, else the seconds to wait (at least 1). */
    public long acquire(String key, long nowNanos) {
        if (perNano == 0) {
            return 0;
        }
        if (buckets.size() > maxKeys) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.tokens + (nowNanos - b.updated) * perNano >= burst;
                }
            });
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + Math.max(0, nowNanos - b.updated) * perNano);
            b.updated = Math.max(b.updated, nowNanos);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
        }
    }
}
