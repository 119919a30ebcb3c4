package dev.candor.collector.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.candor.telemetry.TelemetryLevel;
import dev.candor.telemetry.internal.SettingsFile;
import dev.candor.telemetry.internal.SpoolQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK reads files on the user's machine that anything may have damaged: a spool file or a
 * settings file with any content must never make the host tool fail. A spool file that is not
 * intact is dropped, a settings file that is not understood counts as off.
 */
class ClientFilesFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("candor-fuzz-client");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void spoolFiles(byte[] content) throws IOException {
        Path spool = Files.createDirectories(DIR.resolve("spool"));
        SpoolQueue queue = new SpoolQueue(spool, 1 << 20, 100, Long.MAX_VALUE, Clock.systemUTC());
        queue.clear();
        queue.add("{\"resourceLogs\":[]}", TelemetryLevel.ALL);
        Path file;
        try (Stream<Path> files = Files.list(spool)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".otlp"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.write(file, content);

        List<SpoolQueue.Entry> all = queue.all();
        List<SpoolQueue.Entry> pending = queue.pending(TelemetryLevel.ALL, 64, 512 * 1024);
        if (all.size() != pending.size() || all.size() > 1) {
            throw new IllegalStateException(
                    "one file gave " + all.size() + " entries and " + pending.size() + " pending");
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void settingsFiles(byte[] content) throws IOException {
        Path file = DIR.resolve("settings");
        Files.write(file, content);
        new SettingsFile(file).read().ifPresent(r -> {
            if (!r.understood() && r.level() != TelemetryLevel.OFF) {
                throw new IllegalStateException("a file that was not understood must count as off");
            }
        });
    }
}
