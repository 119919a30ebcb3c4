package dev.candor.collector.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreWithinTwoPercentOfTheExactOnes() {
        SplittableRandom r = new SplittableRandom(3);
        long[] samples = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) (2_000 * Math.exp(1.5 * r.nextGaussian())); // log-normal around 2 ms
            h.record(samples[i]);
        }
        Arrays.sort(samples);
        for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = samples[(int) Math.ceil(p * samples.length) - 1];
            assertThat((double) h.percentileMicros(p)).as("p%s", p * 100).isCloseTo(exact, within(exact * 0.02 + 1));
        }
        assertThat(h.maxMicros()).isEqualTo(samples[samples.length - 1]);
        assertThat(h.percentileMicros(1.0)).isEqualTo(samples[samples.length - 1]);
    }

    @Test
    void smallValuesAreExactAndMergingAddsCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(5);
        b.record(7);
        b.record(100);
        a.add(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileMicros(0.5)).isEqualTo(7);
        assertThat(a.maxMicros()).isEqualTo(100);
    }

    @Test
    void everyValueFallsIntoABucketThatHoldsIt() {
        for (long v : new long[] {0, 127, 128, 129, 255, 256, 1_000, 65_535, 1L << 40, Long.MAX_VALUE / 2}) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.highestIn(i)).isGreaterThanOrEqualTo(v);
            assertThat(i == 0 || LatencyHistogram.highestIn(i - 1) < v).isTrue();
        }
    }

    @Test
    void anEmptyHistogramReportsZero() {
        assertThat(new LatencyHistogram().percentileMicros(0.99)).isZero();
    }
}
