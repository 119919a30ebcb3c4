package dev.candor.collector.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.candor.collector.catalog.ToolCatalog;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Config files and tool catalogs are the operator's input: anything wrong in them is one ConfigException. */
class OperatorInputsFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("candor-fuzz-config");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void configFiles(byte[] content) throws IOException {
        Path file = DIR.resolve("candor.conf");
        Files.write(file, content);
        try {
            CollectorConfig.load(Map.of(), List.of(), file, Map.of());
        } catch (ConfigException expected) {
            // one line for the operator
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void catalogs(byte[] json) {
        try {
            ToolCatalog.parse(json, "fuzzed.json");
        } catch (ConfigException expected) {
            // one line for the operator
        }
    }
}
