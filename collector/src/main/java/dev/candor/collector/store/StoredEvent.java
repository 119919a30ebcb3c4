package dev.candor.collector.store;

import java.util.UUID;

/**
 * One row of the {@code events} table: validated, enriched and scrubbed, safe to keep. Times are
 * microseconds since the epoch, UTC. Nullable fields are null when the client did not send them.
 *
 * <p>{@code properties} holds every attribute that is not a column, the run's and the event's, as one
 * JSON object sorted by key. The enricher also gives it in two parts, so that a store can keep the
 * part every event of a run repeats once: {@code runProperties}, the run's resource attributes (the
 * same string for each event of the run), and {@code eventProperties}, the event's own attributes,
 * which win over the run's of the same name. Both are null when the row came whole (an older journal,
 * another store's row): then {@code properties} is all there is.
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
        String properties,
        String runProperties,
        String eventProperties) {
    public StoredEvent {
        if ((runProperties == null) != (eventProperties == null)) {
            throw new IllegalArgumentException("a row's run and event properties come together or not at all");
        }
    }

    /** A row whose properties are not split into the run's and the event's. */
    public StoredEvent(
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
            String properties) {
        this(
                eventId,
                tool,
                toolVersion,
                eventName,
                eventTimeMicros,
                receivedAtMicros,
                machineId,
                sessionId,
                osFamily,
                osVersion,
                runtimeId,
                geography,
                command,
                exitCode,
                durationMs,
                properties,
                null,
                null);
    }

    /** The same row under another id. */
    public StoredEvent withId(UUID id) {
        return new StoredEvent(
                id,
                tool,
                toolVersion,
                eventName,
                eventTimeMicros,
                receivedAtMicros,
                machineId,
                sessionId,
                osFamily,
                osVersion,
                runtimeId,
                geography,
                command,
                exitCode,
                durationMs,
                properties,
                runProperties,
                eventProperties);
    }

    /** The same row with its properties whole only, as rows came before the split. */
    public StoredEvent whole() {
        return new StoredEvent(
                eventId,
                tool,
                toolVersion,
                eventName,
                eventTimeMicros,
                receivedAtMicros,
                machineId,
                sessionId,
                osFamily,
                osVersion,
                runtimeId,
                geography,
                command,
                exitCode,
                durationMs,
                properties);
    }

    /** Whether the properties come in the run's part and the event's as well as whole. */
    public boolean split() {
        return runProperties != null;
    }
}
