package dev.candor.bench;

/** Outcome of one forge process: wall time, exit code, or that it was killed after the timeout. */
record RunResult(long nanos, int exitCode, boolean completed) {
    double millis() {
        return nanos / 1e6;
    }
}
