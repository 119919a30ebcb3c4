package dev.candor.collector.dashboard;

import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbBackend;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The dashboard's answers from a real embedded store holding the given events, for tests worked by hand. */
final class EmbeddedDashboard {
    @FunctionalInterface
    interface Query<T> {
        T ask(DashboardData data) throws Exception;
    }

    private EmbeddedDashboard() {}

    static <T> T ask(Path dir, List<StoredEvent> events, Query<T> query) throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            store.insert(events);
            DashboardData data = new DuckDbBackend(store).dashboard();
            data.refresh();
            return query.ask(data);
        }
    }

    /** A forge event on {@code day} at 09:00 UTC plus {@code microsAfter}, from a Linux machine in Germany. */
    static StoredEvent event(
            String version,
            String eventName,
            String day,
            long microsAfter,
            String machine,
            String command,
            Integer exitCode,
            Long durationMs,
            String properties) {
        long micros = LocalDate.parse(day).atTime(9, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + microsAfter;
        return new StoredEvent(
                UUID.randomUUID(),
                "forge",
                version,
                eventName,
                micros,
                micros,
                machine,
                "s",
                "Linux",
                "6.1",
                "linux-x64",
                "Germany",
                command,
                exitCode,
                durationMs,
                properties);
    }
}
