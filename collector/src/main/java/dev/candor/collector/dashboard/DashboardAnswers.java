package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the dashboard's answers computed in Java, the same for every store, so that two stores
 * holding the same events give the same JSON: percentiles from a histogram, option names from the
 * stored arrays.
 */
public final class DashboardAnswers {
    static final int TOP_OPTIONS = 30;

    private DashboardAnswers() {
    }

    /**
     * {@code {measured, p50, p90, p99, max}} from {@code (duration, runs)} pairs in ascending order of
     * duration; percentiles by nearest rank (the smallest duration with at least that share of runs at
     * or below it), null when nothing was measured.
     */
    public static ObjectNode durations(List<long[]> histogram) {
        long n = 0;
        for (long[] h : histogram) {
            n += h[1];
        }
        ObjectNode d = DashboardQueries.JSON.createObjectNode();
        d.put("measured", n);
        for (int p : new int[] {50, 90, 99}) {
            String key = "p" + p;
            if (n == 0) {
                d.putNull(key);
                continue;
            }
            long rank = (long) Math.ceil(p / 100.0 * n);
            long seen = 0;
            for (long[] h : histogram) {
                seen += h[1];
                if (seen >= rank) {
                    d.put(key, h[0]);
                    break;
                }
            }
        }
        if (n == 0) {
            d.putNull("max");
        } else {
            d.put("max", histogram.get(histogram.size() - 1)[0]);
        }
        return d;
    }

    /**
     * {@code [{option, runs}]}, most used first, from the stored {@code command.options} arrays
     * ({@code ["--configuration","--project"]}) with how many runs had each array.
     */
    public static ArrayNode options(Map<String, Long> runsByArray) {
        Map<String, Long> runs = new HashMap<>();
        for (Map.Entry<String, Long> e : runsByArray.entrySet()) {
            JsonNode array;
            try {
                array = DashboardQueries.JSON.readTree(e.getKey());
            } catch (IOException notJson) {
                continue;
            }
            if (array != null && array.isArray()) {
                for (JsonNode o : array) {
                    if (o.isTextual()) {
                        runs.merge(o.asText(), e.getValue(), Long::sum);
                    }
                }
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(runs.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        ArrayNode out = DashboardQueries.JSON.createArrayNode();
        for (int i = 0; i < sorted.size() && i < TOP_OPTIONS; i++) {
            out.addObject().put("option", sorted.get(i).getKey()).put("runs", sorted.get(i).getValue());
        }
        return out;
    }
}
