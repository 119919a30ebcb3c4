package dev.candor.collector.store;

import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.journal.JournalReplay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stored events for the store's tests, and counts read back from a store. */
public final class Events {
    private static final long NOW_MICROS = 1_790_000_000_000_000L;

    private Events() {}

    public static StoredEvent of(String machine) {
        return new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "1.0",
                "cli.command",
                NOW_MICROS,
                NOW_MICROS,
                machine,
                "s",
                "Linux",
                "6",
                "linux-x64",
                "Germany",
                "build",
                0,
                5L,
                "{\"host.arch\":\"x64\"}");
    }

    public static List<StoredEvent> batch(String machine, int n) {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(of(machine));
        }
        return events;
    }

    public static long count(DuckDbEventStore store, String where) throws Exception {
        try (Connection c = store.newReader();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM events" + (where.isEmpty() ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What a fresh store makes of a journal folder: replays {@code dataDir}'s journal into a new store there. */
    public static long replayedCount(Path dataDir, String where) throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dataDir)) {
            JournalReplay.replay(dataDir, store);
            return count(store, where);
        }
    }
}
