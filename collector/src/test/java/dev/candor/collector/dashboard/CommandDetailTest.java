package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The store-independent parts of the Commands page: percentiles from the duration histogram, options. */
class CommandDetailTest {
    @Test
    void eachDurationLiesInItsBucketAndABucketIsAtMostASixteenthOfItsLowerBoundWide() {
        Random r = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            long ms = i < 1_000 ? i - 10 : (r.nextLong() >>> 1) >>> r.nextInt(63);
            long lower = DurationHistogram.lowerBound(ms);
            long width = DurationHistogram.width(lower);
            assertThat(lower).as("bucket of %d", ms).isLessThanOrEqualTo(ms);
            assertThat(ms - lower).as("bucket of %d", ms).isLessThan(width);
            assertThat(DurationHistogram.lowerBound(lower)).isEqualTo(lower);
            if (ms < DurationHistogram.EXACT) {
                assertThat(width).isEqualTo(1);
            } else {
                assertThat(width * 16).as("width of %d's bucket", ms).isLessThanOrEqualTo(lower);
            }
        }
        assertThat(DurationHistogram.lowerBound(Long.MAX_VALUE)).isEqualTo(31L << 58);
        assertThat(DurationHistogram.middle(31L << 58)).isPositive();
    }

    @Test
    void percentilesFromTheHistogramAreWithinOneThirtySecondOfThoseOfTheSortedValues() {
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(300);
            long[] values = new long[n];
            TreeMap<Long, Long> buckets = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                values[i] = round % 3 == 0 ? r.nextInt(50) : (long) Math.exp(r.nextDouble() * 16);
                buckets.merge(DurationHistogram.lowerBound(values[i]), 1L, Long::sum);
            }
            java.util.Arrays.sort(values);
            var d = CommandDetail.durations(buckets, values[n - 1]);
            assertThat(d.get("measured").asLong()).isEqualTo(n);
            for (int p : new int[] {50, 90, 99}) {
                long exact = values[(int) Math.ceil(p / 100.0 * n) - 1];
                long estimate = d.get("p" + p).asLong();
                assertThat((double) Math.abs(estimate - exact))
                        .as("p%d of %d values: %d for %d", p, n, estimate, exact)
                        .isLessThanOrEqualTo(exact / 32.0);
                if (exact < DurationHistogram.EXACT) {
                    assertThat(estimate).isEqualTo(exact);
                }
            }
            assertThat(d.get("max").asLong()).isEqualTo(values[n - 1]);
        }
        var none = CommandDetail.durations(new TreeMap<>(), Long.MIN_VALUE);
        assertThat(none.get("measured").asLong()).isZero();
        assertThat(none.get("p50").isNull()).isTrue();
        assertThat(none.get("max").isNull()).isTrue();
    }

    @Test
    void aPercentileIsItsBucketsMiddleWorkedByHand() {
        // 100 ms: highest bit 6, so 2 bits dropped: [100, 104), middle 102. 300 ms: [288, 304), middle 296.
        TreeMap<Long, Long> buckets = new TreeMap<>(Map.of(100L, 3L, 288L, 1L));
        assertThat(CommandDetail.durations(buckets, 300).toString())
                .isEqualTo("{\"measured\":4,\"p50\":102,\"p90\":296,\"p99\":296,\"max\":300}");
        assertThat(CommandDetail.durations(buckets, 290).get("p99").asLong())
                .as("never above the largest duration measured")
                .isEqualTo(290);
    }

    @Test
    void optionsAreCountedPerRunFromTheStoredArrays() {
        Map<String, Long> byArray = new LinkedHashMap<>();
        byArray.put("[\"--configuration\",\"--project\"]", 5L);
        byArray.put("[ \"--configuration\" ]", 3L);
        byArray.put("[]", 10L);
        byArray.put("not json", 2L);
        byArray.put("[\"<img src=x>\", 7]", 1L);
        assertThat(CommandDetail.options(byArray).toString())
                .isEqualTo("[{\"option\":\"--configuration\",\"runs\":8},{\"option\":\"--project\",\"runs\":5},"
                        + "{\"option\":\"<img src=x>\",\"runs\":1}]");
    }
}
