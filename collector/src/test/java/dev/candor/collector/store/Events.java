package dev.candor.collector.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stored events for the store's tests. */
final class Events {
    private static final long NOW_MICROS = 1_790_000_000_000_000L;

    private Events() {
    }

    static StoredEvent of(String machine) {
        return new StoredEvent(UUID.randomUUID(), "forge", "1.0", "cli.command", NOW_MICROS, NOW_MICROS, machine, "s",
                "Linux", "6", "linux-x64", "Germany", "build", 0, 5L, "{\"host.arch\":\"x64\"}");
    }

    static List<StoredEvent> batch(String machine, int n) {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(of(machine));
        }
        return events;
    }
}
