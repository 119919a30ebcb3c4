package dev.candor.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceLogTest {
    @TempDir
    Path dir;

    @Test
    void recordsEachSentPayloadAsOneJsonLine() {
        TraceLog log = new TraceLog(dir, 1024);
        log.appendSent(List.of("{\"a\":1}", "{\"b\":2}"), Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(log.lines())
                .containsExactly(
                        "{\"sentAt\":\"2026-11-21T10:00:00Z\",\"resourceLogs\":{\"a\":1}}",
                        "{\"sentAt\":\"2026-11-21T10:00:00Z\",\"resourceLogs\":{\"b\":2}}");
    }

    @Test
    void staysWithinItsCapByRotatingIntoOneOlderFile() throws Exception {
        TraceLog log = new TraceLog(dir, 1024);
        String payload = "{\"pad\":\"" + "x".repeat(200) + "\"}";
        for (int i = 0; i < 50; i++) {
            log.appendSent(List.of(payload), Instant.parse("2026-11-21T10:00:00Z"));
        }
        assertThat(Files.size(dir.resolve("telemetry.log"))).isLessThan(1024 + 300);
        assertThat(Files.size(dir.resolve("telemetry.log.1"))).isLessThan(1024 + 300);
        assertThat(dir.resolve("telemetry.log.2")).doesNotExist();
        assertThat(log.lines()).hasSizeLessThan(50).allMatch(l -> l.endsWith(payload + "}"));
    }
}
