package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoPublishTest {
    @TempDir
    Path dir;

    @Test
    void publishesLastQuarterOnceItEndedAndTheDelayPassedAndNotTwice() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            for (int m = 0; m < 10; m++) {
                List<UUID> uids = new ArrayList<>(List.of(UUID.randomUUID(), UUID.randomUUID()));
                Http.postLogs(
                        server.baseUri(),
                        "forge-public-ingest-key",
                        OtlpBodies.commands("forge", "m" + m, uids, "build"));
            }
            server.journal().run(store -> null).get(); // DuckDB has what the journal acknowledged
            java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
            dev.candor.collector.publish.Quarter current = dev.candor.collector.publish.Quarter.of(today);
            Path published = dir.resolve("published");
            Path file = published.resolve(current.fileName("forge"));

            maintenance(server, current.lastDay(), published).autoPublish();
            assertThat(file).as("the quarter has not ended yet").doesNotExist();
            maintenance(server, current.lastDay().plusDays(2), published).autoPublish();
            assertThat(file).as("3 days of delay").doesNotExist();

            maintenance(server, current.lastDay().plusDays(4), published).autoPublish();

            assertThat(Files.readAllLines(file)).hasSize(2);
            // The file system stamps real time; in this test's calendar the file was written on that later day.
            Files.setLastModifiedTime(
                    file,
                    java.nio.file.attribute.FileTime.from(
                            current.lastDay().plusDays(4).atTime(12, 0).toInstant(ZoneOffset.UTC)));
            long written = Files.getLastModifiedTime(file).toMillis();
            maintenance(server, current.lastDay().plusDays(5), published).autoPublish();
            assertThat(Files.getLastModifiedTime(file).toMillis())
                    .as("not written again")
                    .isEqualTo(written);
        }
    }

    private static Maintenance maintenance(CollectorServer server, java.time.LocalDate today, Path published) {
        Clock clock = Clock.fixed(Instant.from(today.atTime(12, 0).atOffset(ZoneOffset.UTC)), ZoneOffset.UTC);
        return new Maintenance(
                server.journal(),
                server.backend(),
                server.tools(),
                clock,
                90,
                true,
                3,
                10,
                dev.candor.collector.publish.Period.DAY,
                published);
    }
}
