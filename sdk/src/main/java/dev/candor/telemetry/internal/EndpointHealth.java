package dev.candor.telemetry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What runs tell later runs about the collector, in {@code spool/.endpoint-health}: {@code OK}, or
 * {@code FAILING <epoch-ms> <failures in a row>}. After failures, later runs back off across
 * invocations (1 s, 2 s, 4 s ... up to a minute) instead of each paying a failed connection.
 */
final class EndpointHealth {
    private final Path file;
    private final Clock clock;
    private int failuresInARow;
    private volatile String previous;

    EndpointHealth(Path spoolDir, Clock clock) {
        this.file = spoolDir.resolve(".endpoint-health");
        this.clock = clock;
    }

    /** Reads what earlier runs found; false when this run is still inside the backoff and should not try. */
    boolean mayTry() {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 64) {
                previous = "UNKNOWN";
                return true;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            previous = text;
            String[] h = text.split(" ");
            if (!h[0].equals("FAILING") || h.length != 3) {
                return true;
            }
            long failedAt = Long.parseLong(h[1]);
            failuresInARow = (int) Math.min(Long.parseLong(h[2]), 30);
            long wait = Math.min(60_000L, 1000L << Math.min(failuresInARow - 1, 6));
            long now = clock.millis();
            return now < failedAt || now >= failedAt + wait;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Written before a request made while the command runs, as if it had failed: a process that ends
     * while its request hangs leaves later runs backing off. The answer, when it comes, overwrites it.
     */
    void attempting() {
        write("FAILING " + clock.millis() + " " + (failuresInARow + 1));
    }

    void succeeded() {
        failuresInARow = 0;
        write("OK");
    }

    void failed() {
        failuresInARow++;
        write("FAILING " + clock.millis() + " " + failuresInARow);
    }

    /** Puts back what earlier runs had found: the cut-off attempt said nothing about the collector. */
    void restore() {
        String text = previous;
        if (text != null) {
            write(text);
        }
    }

    private void write(String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            // Only a hint for the next run.
        }
    }
}
