package dev.candor.telemetry.internal;

import dev.candor.telemetry.TelemetryLevel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One event as it will be written: already validated against the catalog, scrubbed and hashed.
 * Attribute values are String, Boolean, Long, Double or List of String.
 */
public record RecordedEvent(
        String name, TelemetryLevel level, long epochNanos, String uid, Map<String, Object> attributes) {
    public RecordedEvent {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * A random (version 4 form) UUID from {@link ThreadLocalRandom}: ids only need to be unique, and
     * {@code UUID.randomUUID()} would seed a SecureRandom on the tool's thread, which takes milliseconds.
     */
    public static String newUuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }
}
