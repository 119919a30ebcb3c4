package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store-independent parts of the dashboard's answers. */
class DashboardAnswersTest {
    @Test
    void percentilesByNearestRankEqualThoseOfTheSortedValues() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(300);
            long[] values = new long[n];
            Map<Long, Long> counts = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                values[i] = r.nextInt(50);
                counts.merge(values[i], 1L, Long::sum);
            }
            java.util.Arrays.sort(values);
            List<long[]> histogram = new ArrayList<>();
            counts.forEach((v, c) -> histogram.add(new long[] {v, c}));
            var d = DashboardAnswers.durations(histogram);
            assertThat(d.get("measured").asLong()).isEqualTo(n);
            for (int p : new int[] {50, 90, 99}) {
                long expected = values[(int) Math.ceil(p / 100.0 * n) - 1];
                assertThat(d.get("p" + p).asLong()).as("p%d of %d values", p, n).isEqualTo(expected);
            }
            assertThat(d.get("max").asLong()).isEqualTo(values[n - 1]);
        }
        var none = DashboardAnswers.durations(List.of());
        assertThat(none.get("measured").asLong()).isZero();
        assertThat(none.get("p50").isNull()).isTrue();
    }

    @Test
    void optionsAreCountedPerRunFromTheStoredArrays() {
        Map<String, Long> byArray = new LinkedHashMap<>();
        byArray.put("[\"--configuration\",\"--project\"]", 5L);
        byArray.put("[ \"--configuration\" ]", 3L);
        byArray.put("[]", 10L);
        byArray.put("not json", 2L);
        byArray.put("[\"<img src=x>\", 7]", 1L);
        assertThat(DashboardAnswers.options(byArray).toString())
                .isEqualTo("[{\"option\":\"--configuration\",\"runs\":8},{\"option\":\"--project\",\"runs\":5},"
                        + "{\"option\":\"<img src=x>\",\"runs\":1}]");
    }
}
