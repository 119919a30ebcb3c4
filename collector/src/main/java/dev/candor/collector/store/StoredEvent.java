package dev.candor.collector.store;

import java.util.UUID;

/**
 * One row of the {@code events} table: validated, enriched and scrubbed, safe to keep. Times are
 * microseconds since the epoch, UTC. Nullable fields are null when the client did not send them.
 */
public record StoredEvent(
        UUID eventId,
        String tool,
        String toolVersion,
        String eventName,
        long eventTimeMicros,
        long receivedAtMicros,
        String machineId,
        String sessionId,
        String osFamily,
        String osVersion,
        String runtimeId,
        String geography,
        String command,
        Integer exitCode,
        Long durationMs,
        String properties) {}
