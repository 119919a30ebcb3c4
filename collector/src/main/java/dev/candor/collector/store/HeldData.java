package dev.candor.collector.store;

import java.time.LocalDate;
import java.util.List;

/**
 * What a store holds for one machine of one tool, as the right of access shows it to its owner: the
 * newest raw events (up to a limit, with how many there are in all) and every row of the daily
 * aggregate that counts the machine.
 */
public record HeldData(List<StoredEvent> events, long eventCount, List<Day> days) {
    public HeldData {
        events = List.copyOf(events);
        days = List.copyOf(days);
    }

    /** True when {@link #events()} holds only the newest of {@link #eventCount()}. */
    public boolean truncated() {
        return events.size() < eventCount;
    }

    /** One row of the daily aggregate: a day and combination, and how often the machine appears in it. */
    public record Day(
            LocalDate day,
            String eventName,
            String command,
            String geography,
            String osFamily,
            String runtimeId,
            String osVersion,
            String toolVersion,
            long occurrences,
            long failures) {}

    /** Reads what a store holds for one machine; thread-safe, safe to call while the store's writer writes. */
    @FunctionalInterface
    public interface Source {
        /** @param machineId the stored (server-hashed) machine id */
        HeldData held(String tool, String machineId, int maxEvents) throws StoreException;
    }
}
