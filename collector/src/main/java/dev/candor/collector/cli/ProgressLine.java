package dev.candor.collector.cli;

import dev.candor.collector.publish.QuarterlyPublisher;
import java.io.PrintWriter;

/**
 * Progress of a long operator job on stderr. On a terminal, one line redrawn at most every 250 ms; when
 * stderr is not a terminal (a log file, journald, a CI job), plain lines with no carriage return or
 * escape code: one when the phase changes and one per 10 % step.
 */
final class ProgressLine implements QuarterlyPublisher.Progress {
    private final PrintWriter err;
    private final String job;
    private final boolean terminal;
    private long lastDraw;
    private boolean drawn;
    private String lastPhase;
    private int lastStep = -1;

    ProgressLine(PrintWriter err, String job) {
        this(err, job, System.console() != null);
    }

    ProgressLine(PrintWriter err, String job, boolean terminal) {
        this.err = err;
        this.job = job;
        this.terminal = terminal;
    }

    @Override
    public void report(String phase, long done, long total) {
        int pct = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (!terminal) {
            int step = pct / 10;
            if (phase.equals(lastPhase) && step == lastStep) {
                return;
            }
            lastPhase = phase;
            lastStep = step;
            err.println(job + ": " + pct + "% " + phase);
            err.flush();
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 250_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + job + ": " + pct + "% " + phase + "\u001b[K");
        err.flush();
    }

    void finish() {
        if (drawn) {
            err.println();
        }
    }
}
