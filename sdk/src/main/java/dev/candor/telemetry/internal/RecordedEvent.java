package dev.candor.telemetry.internal;

import dev.candor.telemetry.TelemetryLevel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event as it will be written: already validated against the catalog, scrubbed and hashed.
 * Attribute values are String, Boolean, Long, Double or List of String.
 */
public record RecordedEvent(String name, TelemetryLevel level, long epochNanos, String uid,
                            Map<String, Object> attributes) {
    public RecordedEvent {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
