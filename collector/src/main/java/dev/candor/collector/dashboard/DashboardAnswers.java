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

/**
 * The parts of the dashboard's answers computed in Java, the same for every store, so that two stores
 * holding the same events give the same JSON: percentiles from a histogram, option names from the
 * stored arrays.
 */
public final class DashboardAnswers {
    /**
     * What the Overview breaks events down by, as named in {@code daily_usage}: the embedded store's
     * rollup and every other store's queries use this one list.
     */
    public static final List<String> DIMENSIONS =
            List.of("command", "event_name", "os_family", "runtime_id", "tool_version", "geography");

    static final int TOP_EXIT_CODES = 20;
    static final int TOP_OPTIONS = 30;
    static final int TOP_VALUES = 10;
    static final int TOP_COMMANDS = 15;
    static final int CHARTED_CRASH_GROUPS = 5;

    /** A value of a dimension with its events and failures. */
    public record Count(String value, long events, long failures) {}

    /**
     * The Overview: every day of the range ({@code byDay}: events, failures, machines; missing days are
     * zeros), totals, the top commands with failure rates, and each other dimension's top values with
     * the rest as {@code Other}. {@code dimensions} lists each dimension's values by events, most first.
     */
    public static ObjectNode overview(
            DayRange r, Map<java.time.LocalDate, long[]> byDay, Map<String, List<Count>> dimensions) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tool", r.tool()).put("from", r.from().toString()).put("to", r.to().toString());
        ArrayNode days = out.putArray("days");
        long events = 0;
        long failures = 0;
        long peak = 0;
        long machineDays = 0;
        for (java.time.LocalDate d = r.from(); !d.isAfter(r.to()); d = d.plusDays(1)) {
            long[] n = byDay.getOrDefault(d, new long[3]);
            days.addObject()
                    .put("day", d.toString())
                    .put("events", n[0])
                    .put("failures", n[1])
                    .put("machines", n[2]);
            events += n[0];
            failures += n[1];
            peak = Math.max(peak, n[2]);
            machineDays += n[2];
        }
        out.putObject("totals")
                .put("events", events)
                .put("failures", failures)
                .put("failureRate", rate(failures, events))
                .put("peakDailyMachines", peak)
                .put("averageDailyMachines", Math.round((double) machineDays / days.size()));
        ArrayNode commands = out.putArray("commands");
        List<Count> byCommand = dimensions.getOrDefault("command", List.of());
        for (int i = 0; i < byCommand.size() && i < TOP_COMMANDS; i++) {
            Count c = byCommand.get(i);
            commands.addObject()
                    .put("command", c.value())
                    .put("events", c.events())
                    .put("failures", c.failures())
                    .put("failureRate", rate(c.failures(), c.events()));
        }
        ObjectNode breakdowns = out.putObject("breakdowns");
        for (String d : DIMENSIONS) {
            if (!d.equals("command")) {
                breakdowns.set(d, top(dimensions.getOrDefault(d, List.of())));
            }
        }
        return out;
    }

    /** The first {@link #TOP_VALUES} values by events, and the rest summed as {@code Other}. */
    private static ArrayNode top(List<Count> values) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        long rest = 0;
        for (int i = 0; i < values.size(); i++) {
            if (i < TOP_VALUES) {
                out.addObject()
                        .put("value", values.get(i).value())
                        .put("events", values.get(i).events());
            } else {
                rest += values.get(i).events();
            }
        }
        if (rest > 0) {
            out.addObject().put("value", "Other").put("events", rest);
        }
        return out;
    }

    /** The Errors page: the groups as given (most events first), the first {@link #CHARTED_CRASH_GROUPS} with their days. */
    /** A command's runs of one tool version: how many, how many failed, and their durations (ms to runs). */
    public static final class VersionRuns {
        long runs;
        long failures;
        final java.util.TreeMap<Long, Long> durations = new java.util.TreeMap<>();

        public void add(long n, boolean failed, Long durationMs) {
            runs += n;
            if (failed) {
                failures += n;
            }
            if (durationMs != null) {
                durations.merge(durationMs, n, Long::sum);
            }
        }
    }

    /** One-sided z at p = 0.01: a difference this unlikely by chance is flagged. */
    static final double Z_FLAG = 2.326;

    /** Fewest runs in each of two versions before they are compared. */
    static final int MIN_RUNS_COMPARED = 20;

    /**
     * A command per tool version, oldest first: runs, failure rate, duration p50 and p90, each beside the
     * previous version's, and flags when the version is significantly worse. Failure rate: a one-sided
     * two-proportion z-test (pooled), flagged at z > {@value #Z_FLAG} (p < 0.01). p90: the share of this
     * version's runs slower than the previous version's p90, against the 10 % expected if nothing changed
     * (a one-sided binomial z-test on that share, the sign test for a quantile), flagged at the same z.
     * Versions with fewer than {@value #MIN_RUNS_COMPARED} runs (or measured durations) are not compared.
     */
    public static ArrayNode byVersion(Map<String, VersionRuns> versions) {
        List<String> order = new ArrayList<>(versions.keySet());
        order.sort(CrashGroups::compareVersions);
        ArrayNode out = Json.MAPPER.createArrayNode();
        VersionRuns previous = null;
        ObjectNode before = null;
        String previousName = null;
        for (String v : order) {
            VersionRuns cur = versions.get(v);
            ObjectNode d = durations(cur.durations);
            ObjectNode o = out.addObject()
                    .put("version", v)
                    .put("runs", cur.runs)
                    .put("failures", cur.failures)
                    .put("failureRate", rate(cur.failures, cur.runs));
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
                long measured = d.get("measured").asLong();
                if (!before.get("p90").isNull()
                        && measured >= MIN_RUNS_COMPARED
                        && before.get("measured").asLong() >= MIN_RUNS_COMPARED) {
                    long p90 = before.get("p90").asLong();
                    long slower = cur.durations.tailMap(p90, false).values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                    double share = (double) slower / measured;
                    double zp = (share - 0.10) / Math.sqrt(0.10 * 0.90 / measured);
                    o.put("slowerThanPreviousP90", rate(slower, measured));
                    o.put("p90Z", Math.round(zp * 100) / 100.0);
                    p90Flag = zp > Z_FLAG;
                }
            }
            o.put("failureRateWorse", failureFlag).put("p90Worse", p90Flag);
            previous = cur;
            before = d;
            previousName = v;
        }
        return out;
    }

    /** What the Adoption page can show the share of active machines by: rolled-up dimensions only. */
    public static final List<String> ADOPTION_DIMENSIONS = List.of("tool_version", "runtime_id", "os_family");

    static final int ADOPTION_SERIES = 8;

    /** Active machines of one value on one day. */
    public record DayValue(java.time.LocalDate day, String value, long machines) {}

    /**
     * The Adoption page: every day of the range, each value's active machines and share of the day's active
     * machines (a machine counts once a day, in each value it was seen with), the {@value #ADOPTION_SERIES}
     * values with the most machine-days as series of their own, the rest summed as {@code other values}, and
     * the day each value was first seen (in the whole store, not only the range).
     */
    public static ObjectNode adoption(
            DayRange r,
            String dimension,
            List<DayValue> perValue,
            Map<java.time.LocalDate, Long> totals,
            Map<String, java.time.LocalDate> firstSeen) {
        List<java.time.LocalDate> days = new ArrayList<>();
        for (java.time.LocalDate d = r.from(); !d.isAfter(r.to()); d = d.plusDays(1)) {
            days.add(d);
        }
        Map<String, Long> machineDays = new HashMap<>();
        for (DayValue v : perValue) {
            machineDays.merge(v.value(), v.machines(), Long::sum);
        }
        List<String> top = machineDays.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(ADOPTION_SERIES)
                .map(Map.Entry::getKey)
                .toList();
        Map<String, long[]> series = new java.util.LinkedHashMap<>();
        top.forEach(v -> series.put(v, new long[days.size()]));
        long[] rest = new long[days.size()];
        for (DayValue v : perValue) {
            int i = (int) java.time.temporal.ChronoUnit.DAYS.between(r.from(), v.day());
            if (i < 0 || i >= days.size()) {
                continue;
            }
            long[] target = series.getOrDefault(v.value(), rest);
            target[i] += v.machines();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tool", r.tool()).put("from", r.from().toString()).put("to", r.to().toString());
        out.put("dimension", dimension);
        ArrayNode dayList = out.putArray("days");
        ArrayNode active = out.putArray("activeMachines");
        for (java.time.LocalDate d : days) {
            dayList.add(d.toString());
            active.add(totals.getOrDefault(d, 0L));
        }
        ArrayNode list = out.putArray("series");
        for (Map.Entry<String, long[]> e : series.entrySet()) {
            addSeries(list, e.getKey(), firstSeen.get(e.getKey()), e.getValue(), days, totals);
        }
        if (machineDays.size() > top.size()) {
            addSeries(list, "other values", null, rest, days, totals);
        }
        return out;
    }

    private static void addSeries(
            ArrayNode list,
            String value,
            java.time.LocalDate firstSeen,
            long[] machines,
            List<java.time.LocalDate> days,
            Map<java.time.LocalDate, Long> totals) {
        ObjectNode s = list.addObject().put("value", value);
        s.put("firstSeen", firstSeen == null ? null : firstSeen.toString());
        ArrayNode m = s.putArray("machines");
        ArrayNode share = s.putArray("share");
        for (int i = 0; i < machines.length; i++) {
            m.add(machines[i]);
            long total = totals.getOrDefault(days.get(i), 0L);
            share.add(rate(machines[i], total));
        }
    }

    /** The Errors page: crash groups that survive a release ({@link CrashGroups}). */
    public static ObjectNode errors(
            DayRange r,
            List<CrashGroups.Row> rows,
            List<CrashGroups.CommandRow> commands,
            List<CrashGroups.DayRow> days) {
        return CrashGroups.answer(r, rows, commands, days);
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    private DashboardAnswers() {}

    /** The {@value #TOP_EXIT_CODES} commonest exit codes ({@code none} for runs without one), by runs, then code. */
    public static ArrayNode exitCodes(Map<String, Long> runsByCode) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        runsByCode.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_EXIT_CODES)
                .forEach(e -> out.addObject().put("exitCode", e.getKey()).put("runs", e.getValue()));
        return out;
    }

    /** {@link #durations(List)} from a map of duration to runs. */
    public static ObjectNode durations(java.util.SortedMap<Long, Long> runsByDuration) {
        List<long[]> histogram = new ArrayList<>(runsByDuration.size());
        runsByDuration.forEach((duration, runs) -> histogram.add(new long[] {duration, runs}));
        return durations(histogram);
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
        ObjectNode d = Json.MAPPER.createObjectNode();
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
