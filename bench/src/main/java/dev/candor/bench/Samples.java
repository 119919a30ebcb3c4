package dev.candor.bench;

import java.util.ArrayList;
import java.util.List;

/** Timed samples of one command in one scenario; on and off of the same pair share an index. */
final class Samples {
    final List<String> command;
    final List<Double> on = new ArrayList<>();
    final List<Double> off = new ArrayList<>();
    final List<Double> pairedDiff = new ArrayList<>();
    final List<Double> onCpu = new ArrayList<>();
    final List<Double> offCpu = new ArrayList<>();
    int onRunsCompleted;
    int failedRuns;

    Samples(List<String> command) {
        this.command = command;
    }

    void add(RunResult onRun, RunResult offRun, boolean timed) {
        onRunsCompleted += onRun.completed() ? 1 : 0;
        failedRuns += (onRun.completed() && onRun.exitCode() == 0 ? 0 : 1)
                + (offRun.completed() && offRun.exitCode() == 0 ? 0 : 1);
        if (!timed) {
            return;
        }
        // A killed run's time is the timeout, not forge's: keep it out of the statistics.
        if (onRun.completed()) {
            on.add(onRun.millis());
            onCpu.add(onRun.cpuMillis());
        }
        if (offRun.completed()) {
            off.add(offRun.millis());
            offCpu.add(offRun.cpuMillis());
        }
        if (onRun.completed() && offRun.completed()) {
            pairedDiff.add(onRun.millis() - offRun.millis());
        }
    }
}
