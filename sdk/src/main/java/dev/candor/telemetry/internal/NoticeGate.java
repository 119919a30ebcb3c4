package dev.candor.telemetry.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows the first-run notice once per notice version, on stderr only. The run that shows it (or would,
 * were the text hidden by {@code <TOOL>_NOLOGO}) collects nothing: the user has not yet had the chance
 * to opt out. If the marker cannot be written, the notice shows again next time and again nothing is
 * collected, which is the safe way to fail.
 */
public final class NoticeGate {
    private final Path marker;
    private final int version;

    public NoticeGate(Path stateDir, int version) {
        this.marker = stateDir.resolve("notice-shown");
        this.version = version;
    }

    /** True when the current notice version was shown in an earlier run. */
    public boolean acknowledged() {
        try {
            if (!Files.isRegularFile(marker) || Files.size(marker) > 64) {
                return false;
            }
            String text = new String(Files.readAllBytes(marker), StandardCharsets.UTF_8).trim();
            return Integer.parseInt(text) >= version;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Prints the notice (unless hidden) and records it as shown. */
    public void show(String text, boolean hidden, PrintStream stderr) {
        if (!hidden) {
            stderr.println(text);
            stderr.flush();
        }
        record();
    }

    /** Records the notice as shown without printing it ({@code telemetry enable} prints it itself). */
    public void record() {
        try {
            AtomicFiles.write(marker, Integer.toString(version).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // Unwritable state folder: the notice shows again next run, and nothing is collected then either.
        }
    }
}
