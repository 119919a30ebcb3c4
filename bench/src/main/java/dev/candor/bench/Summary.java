package dev.candor.bench;

import java.util.List;

record Summary(
        int pairs,
        double onMedian,
        double offMedian,
        double onP95,
        double offP95,
        double onQ1,
        double onQ3,
        double offQ1,
        double offQ3,
        double pairedMedian,
        double pairedP95,
        double onCpuMedian,
        double offCpuMedian,
        double onCpuP95,
        double offCpuP95,
        double onCpuMean,
        double offCpuMean) {
    /** Linear-interpolation percentile (the "type 7" of R and numpy's default). */
    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v))
                .sorted()
                .toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static double mean(List<Double> values) {
        return values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    static Summary of(Samples s) {
        return new Summary(
                s.pairedDiff.size(),
                percentile(s.on, 0.5),
                percentile(s.off, 0.5),
                percentile(s.on, 0.95),
                percentile(s.off, 0.95),
                percentile(s.on, 0.25),
                percentile(s.on, 0.75),
                percentile(s.off, 0.25),
                percentile(s.off, 0.75),
                percentile(s.pairedDiff, 0.5),
                percentile(s.pairedDiff, 0.95),
                percentile(s.onCpu, 0.5),
                percentile(s.offCpu, 0.5),
                percentile(s.onCpu, 0.95),
                percentile(s.offCpu, 0.95),
                mean(s.onCpu),
                mean(s.offCpu));
    }

    double addedMedian() {
        return onMedian - offMedian;
    }

    double addedP95() {
        return onP95 - offP95;
    }

    double addedCpuMedian() {
        return onCpuMedian - offCpuMedian;
    }

    double addedCpuP95() {
        return onCpuP95 - offCpuP95;
    }

    double addedCpuMean() {
        return onCpuMean - offCpuMean;
    }

    boolean wallGoalMet() {
        return addedMedian() <= 5.0 && addedP95() <= 15.0;
    }

    boolean cpuGoalMet() {
        return addedCpuMedian() <= 10.0;
    }
}
