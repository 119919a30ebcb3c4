package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the dashboard's answers computed in Java, the same for every store, so that two stores
 * holding the same events give the same JSON (a command's details: {@link CommandDetail}).
 */
public final class DashboardAnswers {
    /**
     * What the Overview breaks events down by, as named in {@code daily_usage}: the embedded store's
     * rollup and every other store's queries use this one list.
     */
    public static final List<String> DIMENSIONS =
            List.of("command", "event_name", "os_family", "runtime_id", "tool_version", "geography");

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
}
