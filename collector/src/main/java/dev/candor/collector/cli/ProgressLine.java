package dev.candor.collector.cli;

import dev.candor.collector.publish.QuarterlyPublisher;
import java.io.PrintWriter;

/** Progress of a long operator job on one stderr line, redrawn at most every 250 ms. */
final class ProgressLine implements QuarterlyPublisher.Progress {
    private final PrintWriter err;
    private final String job;
    private long lastDraw;
    private boolean drawn;

    ProgressLine(PrintWriter err, String job) {
        this.err = err;
        this.job = job;
    }

    @Override
    public void report(String phase, long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 250_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int pct = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        err.print("\r" + job + ": " + pct + "% " + phase + "\u001b[K");
        err.flush();
    }

    void finish() {
        if (drawn) {
            err.println();
        }
    }
}
