package dev.candor.collector.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdIndexTest {
    @Test
    void remembersEveryIdThroughGrowthAndForgetsRemovedOnes() {
        EventIdIndex index = new EventIdIndex(16);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            assertThat(index.add(id)).isTrue();
        }
        assertThat(index.size()).isEqualTo(100_000);
        assertThat(ids).allMatch(index::contains);
        assertThat(index.add(ids.get(5))).isFalse();

        index.removeAll(ids.subList(0, 10));

        assertThat(index.size()).isEqualTo(99_990);
        assertThat(index.contains(ids.get(3))).isFalse();
        assertThat(index.contains(ids.get(10))).isTrue();
        assertThat(index.contains(new UUID(0, 0))).isFalse();
    }

    @Test
    void theStoreReloadsItsIdsAtStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        UUID id = UUID.fromString("ffffffff-0000-8000-8000-000000000001");
        StoredEvent e = new StoredEvent(
                id,
                "forge",
                "1",
                "cli.command",
                0,
                0,
                null,
                null,
                "Linux",
                "6",
                "linux-x64",
                "Unknown",
                "build",
                0,
                1L,
                "{}");
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(store.insert(List.of(e, e))).isEqualTo(1);
        }
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(store.indexedIds()).isEqualTo(1);
            assertThat(store.insert(List.of(e))).isZero();
            assertThat(store.count()).isEqualTo(1);
        }
    }
}
