package dev.candor.collector.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path dir;

    private static StoredEvent event(LocalDate day, String machine, int exitCode) {
        long micros = day.atTime(10, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        return new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "1.0",
                "cli.command",
                micros,
                micros,
                machine,
                "s",
                "Linux",
                "6",
                "linux-x64",
                "Germany",
                "build",
                exitCode,
                5L,
                "{}");
    }

    private static long sum(DuckDbEventStore store, String sql) throws Exception {
        try (Connection c = store.newReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void deletesOldRawEventsAndKeepsTheirAggregate() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(today.minusDays(200), "old-" + i, i == 0 ? 1 : 0));
            events.add(event(today.minusDays(3), "new-" + i, 0));
        }
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            store.insert(events);

            assertThat(store.deleteRawBefore(today.minusDays(90), true)).isEqualTo(5);
            assertThat(store.count()).isEqualTo(10);
            assertThat(store.deleteRawBefore(today.minusDays(90), false)).isEqualTo(5);

            assertThat(store.count()).isEqualTo(5);
            assertThat(sum(store, "SELECT sum(occurrences) FROM daily_usage")).isEqualTo(10);
            assertThat(sum(store, "SELECT sum(failures) FROM daily_usage")).isEqualTo(1);
            assertThat(store.indexedIds()).isEqualTo(5);

            store.rebuildUsage(today.minusDays(90));
            store.compactUsage();
            assertThat(sum(store, "SELECT sum(occurrences) FROM daily_usage"))
                    .as("rebuilt days plus kept old days")
                    .isEqualTo(10);
            assertThat(sum(store, "SELECT count(*) FROM daily_usage")).isEqualTo(10);
        }
    }

    @Test
    void theConfiguredMemoryLimitReachesDuckDb() throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir, java.util.Optional.of("300MiB"))) {
            try (Connection c = store.newReader();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('memory_limit')")) {
                rs.next();
                assertThat(rs.getString(1)).isIn("300.0 MiB", "314.5 MB", "300MiB");
            }
        }
    }

    @Test
    void aRetriedBatchIsCountedOnceInTheAggregate() throws Exception {
        List<StoredEvent> batch =
                List.of(event(LocalDate.of(2026, 7, 1), "m", 0), event(LocalDate.of(2026, 7, 1), "m", 0));
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            store.insert(batch);
            store.insert(batch);
            store.compactUsage();

            assertThat(sum(store, "SELECT sum(occurrences) FROM daily_usage")).isEqualTo(2);
            assertThat(sum(store, "SELECT count(*) FROM daily_usage")).isEqualTo(1);
        }
    }

    @Test
    void forgettingAMachineRemovesItFromTheAggregateToo() throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            store.insert(
                    List.of(event(LocalDate.of(2026, 7, 1), "gone", 0), event(LocalDate.of(2026, 7, 1), "kept", 0)));

            assertThat(store.forget("forge", "gone")).isEqualTo(1);

            assertThat(sum(store, "SELECT count(*) FROM daily_usage WHERE machine_id = 'gone'"))
                    .isZero();
            assertThat(sum(store, "SELECT sum(occurrences) FROM daily_usage")).isEqualTo(1);
        }
    }
}
