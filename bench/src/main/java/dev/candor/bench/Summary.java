package dev.candor.bench;

import java.util.List;

record Summary(int pairs, double onMedian, double offMedian, double onP95, double offP95, double onQ1,
        double onQ3, double offQ1, double offQ3, double pairedMedian, double pairedP95) {
    /** Linear-interpolation percentile (the "type 7" of R and numpy's default). */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static Summary of(Samples s) {
        return new Summary(s.pairedDiff.size(), percentile(s.on, 0.5), percentile(s.off, 0.5),
                percentile(s.on, 0.95), percentile(s.off, 0.95), percentile(s.on, 0.25), percentile(s.on, 0.75),
                percentile(s.off, 0.25), percentile(s.off, 0.75), percentile(s.pairedDiff, 0.5),
                percentile(s.pairedDiff, 0.95));
    }

    double addedMedian() { return onMedian - offMedian; }
    double addedP95() { return onP95 - offP95; }
    boolean goalMet() { return addedMedian() <= 5.0 && addedP95() <= 15.0; }
}
