package dev.candor.telemetry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code telemetry.log}: every payload that left the machine, one JSON line each, so the user can see
 * exactly what was sent (as VS Code's telemetry.log). Capped: when full it becomes {@code telemetry.log.1}.
 */
public final class TraceLog {
    private final Path file;
    private final Path previous;
    private final long maxBytes;

    public TraceLog(Path stateDir, long maxBytes) {
        this.file = stateDir.resolve("telemetry.log");
        this.previous = stateDir.resolve("telemetry.log.1");
        this.maxBytes = maxBytes;
    }

    public Path file() {
        return file;
    }

    /** Appends one line per payload; never throws. */
    public void appendSent(List<String> payloads, Instant sentAt) {
        try {
            AtomicFiles.ensureDirectory(file.getParent());
            if (Files.exists(file) && Files.size(file) > maxBytes) {
                Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
            }
            StringBuilder lines = new StringBuilder();
            for (String payload : payloads) {
                lines.append("{\"sentAt\":\"")
                        .append(sentAt)
                        .append("\",\"resourceLogs\":")
                        .append(payload)
                        .append("}\n");
            }
            if (!Files.exists(file)) {
                AtomicFiles.write(file, new byte[0]);
            }
            Files.write(
                    file,
                    lines.toString().getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            // The trace log is a courtesy; delivery does not depend on it.
        }
    }

    /** The lines of both files, oldest first. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Path p : List.of(previous, file)) {
            try {
                if (Files.isRegularFile(p)) {
                    out.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
                }
            } catch (IOException | RuntimeException e) {
                out.add("(unreadable: " + p.getFileName() + ")");
            }
        }
        return out;
    }
}
