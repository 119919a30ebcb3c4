package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One command's page from the rows of its per-day rollup, the same for every store: each store sums
 * its rows of the range by {@code (kind, tool version, value)} and {@link #add}s them here. The kinds:
 * {@link #EXIT_CODE} (value: the code, {@code none} for a run without one), {@link #DURATION} (value:
 * the lower bound of a {@link DurationHistogram} bucket, with the largest duration in it) and {@link
 * #OPTIONS} (value: a run's stored {@code command.options} array, tool version {@code ''}).
 */
public final class CommandDetail {
    public static final String EXIT_CODE = "exit_code";
    public static final String DURATION = "duration";
    public static final String OPTIONS = "options";

    static final int TOP_EXIT_CODES = 20;
    static final int TOP_OPTIONS = 30;

    /** One-sided z at p = 0.01: a difference this unlikely by chance is flagged. */
    static final double Z_FLAG = 2.326;

    /** Fewest runs in each of two versions before they are compared. */
    static final int MIN_RUNS_COMPARED = 20;

    private final Map<String, VersionRuns> versions = new HashMap<>();
    private final Map<String, Long> exitCodes = new HashMap<>();
    private final Map<String, Long> options = new HashMap<>();
    private final VersionRuns all = new VersionRuns();

    /** A command's runs of one tool version: how many, how many failed, and their duration histogram. */
    static final class VersionRuns {
        long runs;
        long failures;
        long max = Long.MIN_VALUE;
        final TreeMap<Long, Long> buckets = new TreeMap<>();

        void addRuns(long n, boolean failed) {
            runs += n;
            if (failed) {
                failures += n;
            }
        }

        void addDurations(long bucket, long n, long maxInBucket) {
            buckets.merge(bucket, n, Long::sum);
            max = Math.max(max, maxInBucket);
        }
    }

    /** Adds one summed row of the rollup. */
    public void add(String kind, String toolVersion, String value, long runs, long maxMs) {
        switch (kind) {
            case EXIT_CODE -> {
                boolean failed = !value.equals("0") && !value.equals("none");
                exitCodes.merge(value, runs, Long::sum);
                all.addRuns(runs, failed);
                versions.computeIfAbsent(toolVersion, v -> new VersionRuns()).addRuns(runs, failed);
            }
            case DURATION -> {
                long bucket = Long.parseLong(value);
                all.addDurations(bucket, runs, maxMs);
                versions.computeIfAbsent(toolVersion, v -> new VersionRuns()).addDurations(bucket, runs, maxMs);
            }
            case OPTIONS -> options.merge(value, runs, Long::sum);
            default -> throw new IllegalArgumentException("not a kind of the command rollup: " + kind);
        }
    }

    /** The page's answer: the range, the command's {@code days} (from the Overview's rollup), and the rest from here. */
    public ObjectNode answer(DayRange r, String command, ArrayNode days) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tool", r.tool())
                .put("command", command)
                .put("from", r.from().toString())
                .put("to", r.to().toString());
        out.set("days", days);
        out.set("byVersion", byVersion(versions));
        out.set("exitCodes", exitCodes(exitCodes));
        out.set("options", options(options));
        out.put("runs", all.runs);
        out.set("durationMs", durations(all.buckets, all.max));
        return out;
    }

    /**
     * A command per tool version, oldest first: runs, failure rate, duration p50 and p90 (bucket
     * estimates, {@link #durations}), each beside the previous version's, and flags when the version is
     * significantly worse. Failure rate: a one-sided two-proportion z-test (pooled), flagged at z >
     * {@value #Z_FLAG} (p < 0.01). p90: the share of this version's runs in buckets above the one that
     * holds the previous version's p90, against the 10 % expected if nothing changed (a one-sided
     * binomial z-test on that share, the sign test for a quantile), flagged at the same z. A run in the
     * same bucket as that p90 counts as not slower: under no change, fewer than 10 % of runs lie above
     * that bucket, so the test errs towards not flagging. Versions with fewer than {@value
     * #MIN_RUNS_COMPARED} runs (or measured durations) are not compared.
     */
    static ArrayNode byVersion(Map<String, VersionRuns> versions) {
        List<String> order = new ArrayList<>(versions.keySet());
        order.sort(CrashGroups::compareVersions);
        ArrayNode out = Json.MAPPER.createArrayNode();
        VersionRuns previous = null;
        String previousName = null;
        for (String v : order) {
            VersionRuns cur = versions.get(v);
            ObjectNode d = durations(cur.buckets, cur.max);
            ObjectNode o = out.addObject()
                    .put("version", v)
                    .put("runs", cur.runs)
                    .put("failures", cur.failures)
                    .put("failureRate", DashboardAnswers.rate(cur.failures, cur.runs));
            o.set("p50", d.get("p50"));
            o.set("p90", d.get("p90"));
            o.put("previous", previousName);
            boolean failureFlag = false;
            boolean p90Flag = false;
            if (previous != null && cur.runs >= MIN_RUNS_COMPARED && previous.runs >= MIN_RUNS_COMPARED) {
                double p1 = (double) previous.failures / previous.runs;
                double p2 = (double) cur.failures / cur.runs;
                double pooled = (double) (previous.failures + cur.failures) / (previous.runs + cur.runs);
                double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / previous.runs + 1.0 / cur.runs));
                double z = se == 0 ? 0 : (p2 - p1) / se;
                o.put("failureZ", Math.round(z * 100) / 100.0);
                failureFlag = z > Z_FLAG;
                long measured = measured(cur.buckets);
                long measuredBefore = measured(previous.buckets);
                if (measured >= MIN_RUNS_COMPARED && measuredBefore >= MIN_RUNS_COMPARED) {
                    long p90Bucket = bucketAt(previous.buckets, measuredBefore, 90);
                    long slower = cur.buckets.tailMap(p90Bucket, false).values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                    double share = (double) slower / measured;
                    double zp = (share - 0.10) / Math.sqrt(0.10 * 0.90 / measured);
                    o.put("slowerThanPreviousP90", DashboardAnswers.rate(slower, measured));
                    o.put("p90Z", Math.round(zp * 100) / 100.0);
                    p90Flag = zp > Z_FLAG;
                }
            }
            o.put("failureRateWorse", failureFlag).put("p90Worse", p90Flag);
            previous = cur;
            previousName = v;
        }
        return out;
    }

    /** The {@value #TOP_EXIT_CODES} commonest exit codes ({@code none} for runs without one), by runs, then code. */
    static ArrayNode exitCodes(Map<String, Long> runsByCode) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        runsByCode.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_EXIT_CODES)
                .forEach(e -> out.addObject().put("exitCode", e.getKey()).put("runs", e.getValue()));
        return out;
    }

    /**
     * {@code {measured, p50, p90, p99, max}} from a histogram (bucket lower bound to runs) and the
     * largest duration measured. A percentile is found by nearest rank (the bucket in which the runs at
     * or below reach that share) and given as that bucket's {@link DurationHistogram#middle}, or {@code
     * max} where that is smaller: within 1/32 of the nearest-rank percentile of the durations
     * themselves. {@code max} is exact; all are null when nothing was measured.
     */
    static ObjectNode durations(SortedMap<Long, Long> buckets, long max) {
        long n = measured(buckets);
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("measured", n);
        for (int p : new int[] {50, 90, 99}) {
            if (n == 0) {
                d.putNull("p" + p);
            } else {
                d.put("p" + p, Math.min(DurationHistogram.middle(bucketAt(buckets, n, p)), max));
            }
        }
        if (n == 0) {
            d.putNull("max");
        } else {
            d.put("max", max);
        }
        return d;
    }

    private static long measured(SortedMap<Long, Long> buckets) {
        return buckets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The bucket holding the nearest-rank {@code p}th percentile of {@code n > 0} measured runs. */
    private static long bucketAt(SortedMap<Long, Long> buckets, long n, int p) {
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (Map.Entry<Long, Long> b : buckets.entrySet()) {
            seen += b.getValue();
            if (seen >= rank) {
                return b.getKey();
            }
        }
        return buckets.lastKey();
    }

    /**
     * {@code [{option, runs}]}, most used first, from the stored {@code command.options} arrays
     * ({@code ["--configuration","--project"]}) with how many runs had each array.
     */
    static ArrayNode options(Map<String, Long> runsByArray) {
        Map<String, Long> runs = new HashMap<>();
        for (Map.Entry<String, Long> e : runsByArray.entrySet()) {
            JsonNode array;
            try {
                array = Json.MAPPER.readTree(e.getKey());
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
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < sorted.size() && i < TOP_OPTIONS; i++) {
            out.addObject()
                    .put("option", sorted.get(i).getKey())
                    .put("runs", sorted.get(i).getValue());
        }
        return out;
    }
}
