package dev.candor.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.TelemetryLevel;
import dev.candor.telemetry.testing.MutableClock;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolQueueTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

    private SpoolQueue queue(long maxBytes, int maxFiles) {
        return new SpoolQueue(dir, maxBytes, maxFiles, Duration.ofDays(30).toMillis(), clock);
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".otlp")).sorted().toList();
        }
    }

    private static String payload(int i) {
        return "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}";
    }

    @Test
    void keepsWithinItsFileCapDroppingTheOldestFirst() throws Exception {
        SpoolQueue q = queue(1 << 20, 5);
        for (int i = 0; i < 12; i++) {
            q.add(payload(i), TelemetryLevel.ALL);
            clock.advance(Duration.ofMillis(1));
        }
        List<SpoolQueue.Entry> left = q.pending(TelemetryLevel.ALL, 100, 1 << 20);
        assertThat(left).hasSize(5);
        assertThat(left.get(0).payload()).isEqualTo(payload(7));
        assertThat(left.get(4).payload()).isEqualTo(payload(11));
    }

    @Test
    void keepsWithinItsByteCap() throws Exception {
        SpoolQueue q = queue(4096, 1000);
        for (int i = 0; i < 100; i++) {
            q.add(payload(i), TelemetryLevel.ALL);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(q.stats().bytes()).isLessThanOrEqualTo(4096);
        assertThat(q.pending(TelemetryLevel.ALL, 1000, 1 << 20))
                .last()
                .extracting(SpoolQueue.Entry::payload)
                .isEqualTo(payload(99));
    }

    @Test
    void makingRoomLeavesSpaceForConcurrentRuns() throws Exception {
        SpoolQueue q = queue(1 << 20, 20);
        for (int i = 0; i < 20; i++) {
            q.add(payload(i), TelemetryLevel.ALL);
            clock.advance(Duration.ofMillis(1));
        }
        q.makeRoom();
        assertThat(files()).hasSize(18);
    }

    @Test
    void corruptTruncatedAndForeignFilesAreRemovedOrIgnored() throws Exception {
        SpoolQueue q = queue(1 << 20, 100);
        q.add(payload(1), TelemetryLevel.ALL);
        clock.advance(Duration.ofMillis(1));
        q.add(payload(2), TelemetryLevel.ALL);
        clock.advance(Duration.ofMillis(1));
        q.add(payload(3), TelemetryLevel.ALL);
        List<Path> f = files();
        byte[] bytes = Files.readAllBytes(f.get(0));
        bytes[bytes.length - 3] ^= 0x20;
        Files.write(f.get(0), bytes);
        Files.write(f.get(1), java.util.Arrays.copyOf(Files.readAllBytes(f.get(1)), 40));
        Files.writeString(dir.resolve("0000000000001-all-zz.otlp"), "not a spool file at all");
        Files.write(dir.resolve("1795255200000-all-ff.otlp"), new byte[] {(byte) 0xff, 0, 1, 2});
        Files.writeString(dir.resolve("notes.txt"), "someone else's file");

        List<SpoolQueue.Entry> left = q.pending(TelemetryLevel.ALL, 100, 1 << 20);
        assertThat(left).extracting(SpoolQueue.Entry::payload).containsExactly(payload(3));
        assertThat(files()).hasSize(1);
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void staleFilesAndLeftoverTemporaryFilesAreRemoved() throws Exception {
        SpoolQueue q = queue(1 << 20, 100);
        q.add(payload(1), TelemetryLevel.ALL);
        Path tmp = dir.resolve(".x.otlp.123.tmp");
        Files.writeString(tmp, "half written");
        Files.setLastModifiedTime(
                tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        clock.advance(Duration.ofDays(31));
        for (Path f : files()) { // really written 31 days ago, as the file system's clock says too
            Files.setLastModifiedTime(
                    f,
                    java.nio.file.attribute.FileTime.fromMillis(
                            System.currentTimeMillis() - Duration.ofDays(31).toMillis()));
        }
        assertThat(q.pending(TelemetryLevel.ALL, 100, 1 << 20)).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(tmp).doesNotExist();
    }

    @Test
    void aFileNamedByAClockFarBehindIsKeptWhileTheFileSystemSaysItIsNew() throws Exception {
        SpoolQueue q = queue(1 << 20, 100);
        q.add(payload(1), TelemetryLevel.ALL); // the writer's clock: 400 days before the reader's
        clock.advance(Duration.ofDays(400));
        assertThat(q.pending(TelemetryLevel.ALL, 100, 1 << 20))
                .extracting(SpoolQueue.Entry::payload)
                .containsExactly(payload(1));
    }

    @Test
    void eventsAreOnlySentAtTheLevelTheyWereCollectedFor() throws Exception {
        SpoolQueue q = queue(1 << 20, 100);
        q.add(payload(1), TelemetryLevel.ALL);
        clock.advance(Duration.ofMillis(1));
        q.add(payload(2), TelemetryLevel.CRASH);
        assertThat(q.pending(TelemetryLevel.CRASH, 100, 1 << 20))
                .extracting(SpoolQueue.Entry::payload)
                .containsExactly(payload(2));
        assertThat(q.pending(TelemetryLevel.ALL, 100, 1 << 20)).hasSize(2);
    }

    @Test
    void batchesRespectTheirLimits() throws Exception {
        SpoolQueue q = queue(1 << 20, 100);
        for (int i = 0; i < 10; i++) {
            q.add(payload(i), TelemetryLevel.ALL);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(q.pending(TelemetryLevel.ALL, 3, 1 << 20)).hasSize(3);
        assertThat(q.pending(TelemetryLevel.ALL, 100, payload(0).length() * 2L)).hasSize(2);
    }

    @Test
    void onlyOneSenderAtATime() {
        SpoolQueue q = queue(1 << 20, 100);
        Optional<FileLock> first = q.tryLockSender();
        assertThat(first).isPresent();
        assertThat(queue(1 << 20, 100).tryLockSender()).isEmpty();
        first.ifPresent(l -> {
            try {
                l.release();
                l.channel().close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(q.tryLockSender()).isPresent();
    }

    @Test
    void aTamperedRetryAfterFarInTheFutureIsIgnored() throws Exception {
        SpoolQueue q = queue(1 << 20, 100);
        q.setNotBefore(clock.millis() + 60_000);
        assertThat(q.notBefore()).isEqualTo(clock.millis() + 60_000);
        Files.writeString(
                dir.resolve(".retry-after"),
                Long.toString(clock.millis() + 365L * 24 * 3600 * 1000),
                StandardCharsets.US_ASCII);
        assertThat(q.notBefore()).isZero();
        Files.writeString(dir.resolve(".retry-after"), "soon");
        assertThat(q.notBefore()).isZero();
    }
}
