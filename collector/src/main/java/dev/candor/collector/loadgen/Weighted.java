package dev.candor.collector.loadgen;

import java.util.SplittableRandom;

/** A small table of choices with integer weights, drawn from a caller's random source. */
final class Weighted<T> {
    private final Object[] values;
    private final int[] cumulative;

    private Weighted(Object[] values, int[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** Alternating value, weight pairs: {@code Weighted.of("build", 32, "test", 22)}. */
    @SuppressWarnings("unchecked")
    static <T> Weighted<T> of(Object... valueWeightPairs) {
        int n = valueWeightPairs.length / 2;
        Object[] values = new Object[n];
        int[] cumulative = new int[n];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            values[i] = valueWeightPairs[2 * i];
            sum += (Integer) valueWeightPairs[2 * i + 1];
            cumulative[i] = sum;
        }
        return new Weighted<>(values, cumulative);
    }

    @SuppressWarnings("unchecked")
    T pick(SplittableRandom random) {
        int r = random.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return (T) values[i];
            }
        }
        throw new AssertionError("r is below the total weight");
    }
}
