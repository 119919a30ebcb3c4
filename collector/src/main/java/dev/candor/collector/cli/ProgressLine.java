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
        this(err, job, terminal, java.time.Duration.ofSeconds(terminal ? 1 : 10));
    }

    ProgressLine(PrintWriter err, String job, boolean terminal, java.time.Duration tick) {
        this.err = err;
        this.job = job;
        this.terminal = terminal;
        this.tick = tick;
    }

    private final java.time.Duration tick;

    /** One step of a job whose share done cannot be known (one statement in the store). */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code step} and shows that it runs: on a terminal a line redrawn every second with the
     * time so far; in a log a line every 10 s while it runs and one when it has succeeded. A step that
     * fails leaves no progress behind: its error is the one line that matters.
     */
    <T> T during(String phase, Step<T> step) throws Exception {
        long start = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService ticker =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "candor-progress");
                    t.setDaemon(true);
                    return t;
                });
        if (terminal) {
            show(phase, start, false);
        }
        ticker.scheduleAtFixedRate(
                () -> show(phase, start, false),
                tick.toMillis(),
                tick.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        boolean ok = false;
        try {
            T result = step.run();
            ok = true;
            return result;
        } finally {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ok) {
                show(phase, start, true);
            } else if (terminal) {
                err.print("\r\u001b[K");
                err.flush();
                drawn = false;
            }
        }
    }

    private synchronized void show(String phase, long start, boolean ended) {
        double seconds = (System.nanoTime() - start) / 1e9;
        String when = ended
                ? String.format(java.util.Locale.ROOT, "done in %.1f s", seconds)
                : seconds < 0.05 ? "" : String.format(java.util.Locale.ROOT, "%.0f s so far", seconds);
        String text = job + ": " + phase + (when.isEmpty() ? "" : ", " + when);
        if (terminal) {
            err.print("\r" + text + "\u001b[K");
            drawn = true;
            if (ended) {
                err.println();
                drawn = false;
            }
        } else {
            err.println(text);
        }
        err.flush();
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
