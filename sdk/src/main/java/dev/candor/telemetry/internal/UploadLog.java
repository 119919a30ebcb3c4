package dev.candor.telemetry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * {@code uploads.log} in the state folder: one line per uploader, saying what it sent, what the
 * collector answered and what it cost (counts, HTTP statuses, exception types and CPU time; never a
 * payload, host or path). {@code telemetry status} shows the last line. Kept under 32 KiB by dropping
 * the older half.
 */
public final class UploadLog {
    private static final long MAX_BYTES = 32 * 1024;
    private final Path file;

    public UploadLog(Path stateDir) {
        this.file = stateDir.resolve("uploads.log");
    }

    public Path file() {
        return file;
    }

    /** Appends one line; never throws. */
    void append(String line) {
        try {
            if (!Files.isDirectory(file.getParent())) {
                return; // the state folder was deleted (telemetry disable): leave nothing behind
            }
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                AtomicFiles.write(
                        file,
                        (String.join("\n", lines.subList(lines.size() / 2, lines.size())) + "\n")
                                .getBytes(StandardCharsets.UTF_8));
            } else if (!Files.exists(file)) {
                AtomicFiles.write(file, new byte[0]);
            }
            Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            // Only a record for the user; delivery does not depend on it.
        }
    }

    /** Every line, oldest first. */
    public List<String> lines() {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The newest line, if any. */
    public Optional<String> last() {
        List<String> lines = lines();
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    }
}
