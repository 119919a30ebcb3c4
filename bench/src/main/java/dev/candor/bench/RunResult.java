package dev.candor.bench;

/**
 * Outcome of one forge process: wall time, the CPU time of forge's own process (user + system, as the
 * shell that waited for it counts its children; the detached uploader is not forge's child at exit and
 * is counted apart), exit code, or that it was killed after the timeout.
 */
record RunResult(long nanos, double cpuMillis, int exitCode, boolean completed) {
    double millis() {
        return nanos / 1e6;
    }
}
