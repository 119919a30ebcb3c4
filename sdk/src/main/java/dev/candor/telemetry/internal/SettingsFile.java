package dev.candor.telemetry.internal;

import dev.candor.telemetry.TelemetryLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A telemetry settings file ({@code level=off|crash|error|all}): the tool's own, or the machine-wide one
 * shared by all Candor tools. A file that exists but cannot be read or understood counts as {@code off}:
 * when in doubt about what the user wanted, the private choice wins.
 */
public final class SettingsFile {
    private static final int MAX_BYTES = 16 * 1024;
    private final Path path;

    public SettingsFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The level the file asks for; empty when there is no file or it names no level. */
    public Optional<Reading> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return Optional.of(new Reading(TelemetryLevel.OFF, false));
            }
            Properties props = new Properties();
            try (Reader reader = new StringReader(new String(bytes, StandardCharsets.UTF_8))) {
                props.load(reader);
            }
            String level = props.getProperty("level");
            if (level == null) {
                return Optional.empty();
            }
            Optional<TelemetryLevel> parsed = TelemetryLevel.parse(level);
            return Optional.of(
                    parsed.isPresent() ? new Reading(parsed.get(), true) : new Reading(TelemetryLevel.OFF, false));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Reading(TelemetryLevel.OFF, false));
        }
    }

    /** Writes {@code level}, replacing the file atomically. */
    public void write(TelemetryLevel level) throws IOException {
        String text = "# Telemetry level: off | crash | error | all. Written by '<tool> telemetry enable|disable'.\n"
                + "level=" + level.id() + "\n";
        AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** What a file said, and whether it was understood (a file that was not counts as off). */
    public record Reading(TelemetryLevel level, boolean understood) {}
}
