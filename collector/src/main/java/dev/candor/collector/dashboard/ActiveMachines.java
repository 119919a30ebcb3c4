package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.json.Json;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Active machines page, assembled the same way from either store's rollup of active machines: per
 * grain ({@code day}, calendar {@code week} from Monday, calendar {@code month}), period and the period
 * in which each machine was first seen, the distinct machines active in that period. From those rows:
 * active, new (first seen in that period) and returning (the rest) machines per day, week and month,
 * and the weekly retention grid (rows: the week a machine was first seen; columns: weeks since; cells:
 * the share of that cohort active in that week).
 *
 * <p>Weeks and months are calendar periods, counted whole even where the range cuts them: the first
 * and last may reach outside the range, which {@code partial} says. First seen means in the whole
 * store (its aggregates, which retention keeps), not in the range.
 */
public final class ActiveMachines {
    /** The grains of the rollup, in the order the page shows them. */
    public static final List<String> GRAINS = List.of("day", "week", "month");

    /**
     * Distinct machines active in {@code period} of {@code grain} that were first seen in {@code
     * firstPeriod}; for days and months, whose returning machines are not told apart by cohort, in
     * {@link #EARLIER} for any earlier period, so that the rollup has two rows a day instead of one per
     * earlier first day.
     */
    public record Row(String grain, LocalDate period, LocalDate firstPeriod, long machines) {}

    /** The first period of returning machines of a day or a month: some period before it. */
    public static final LocalDate EARLIER = LocalDate.EPOCH;

    private ActiveMachines() {}

    /** The start of the period of {@code grain} that holds {@code day}. */
    public static LocalDate periodOf(String grain, LocalDate day) {
        return switch (grain) {
            case "day" -> day;
            case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> day.withDayOfMonth(1);
            default -> throw new IllegalArgumentException("no such grain: " + grain);
        };
    }

    /** The earliest period start the page reads for the range: its first day's week or month, whichever is earlier. */
    public static LocalDate readFrom(DayRange r) {
        LocalDate week = periodOf("week", r.from());
        LocalDate month = periodOf("month", r.from());
        return week.isBefore(month) ? week : month;
    }

    private static LocalDate next(String grain, LocalDate period) {
        return switch (grain) {
            case "day" -> period.plusDays(1);
            case "week" -> period.plusWeeks(1);
            default -> period.plusMonths(1);
        };
    }

    /** The page's answer from the rollup's rows of the tool (rows outside the range are ignored). */
    public static ObjectNode answer(DayRange r, List<Row> rows) {
        Map<String, Map<LocalDate, long[]>> counts = new HashMap<>(); // grain -> period -> {active, new}
        Map<LocalDate, Map<Long, Long>> cohorts = new HashMap<>(); // first week -> weeks since -> machines
        for (Row row : rows) {
            if (row.period().isBefore(periodOf(row.grain(), r.from()))
                    || row.period().isAfter(r.to())) {
                continue;
            }
            long[] c = counts.computeIfAbsent(row.grain(), g -> new HashMap<>())
                    .computeIfAbsent(row.period(), p -> new long[2]);
            c[0] += row.machines();
            if (row.period().equals(row.firstPeriod())) {
                c[1] += row.machines();
            }
            if (row.grain().equals("week") && !row.firstPeriod().isBefore(periodOf("week", r.from()))) {
                cohorts.computeIfAbsent(row.firstPeriod(), w -> new HashMap<>())
                        .merge(ChronoUnit.WEEKS.between(row.firstPeriod(), row.period()), row.machines(), Long::sum);
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tool", r.tool()).put("from", r.from().toString()).put("to", r.to().toString());
        long newInRange = 0;
        for (String grain : GRAINS) {
            ArrayNode list = out.putArray(grain + "s");
            Map<LocalDate, long[]> byPeriod = counts.getOrDefault(grain, Map.of());
            for (LocalDate p = periodOf(grain, r.from()); !p.isAfter(r.to()); p = next(grain, p)) {
                long[] c = byPeriod.getOrDefault(p, new long[2]);
                ObjectNode o = list.addObject()
                        .put(grain, p.toString())
                        .put("active", c[0])
                        .put("new", c[1])
                        .put("returning", c[0] - c[1]);
                if (grain.equals("day")) {
                    newInRange += c[1];
                } else {
                    o.put("partial", p.isBefore(r.from()) || next(grain, p).isAfter(r.to().plusDays(1)));
                }
            }
        }
        out.put("newInRange", newInRange);
        ArrayNode grid = out.putArray("retention");
        LocalDate lastWeek = periodOf("week", r.to());
        for (LocalDate w = periodOf("week", r.from()); !w.isAfter(lastWeek); w = w.plusWeeks(1)) {
            Map<Long, Long> cohort = cohorts.getOrDefault(w, Map.of());
            long size = cohort.getOrDefault(0L, 0L);
            ObjectNode o = grid.addObject().put("week", w.toString()).put("machines", size);
            ArrayNode active = o.putArray("active");
            ArrayNode share = o.putArray("share");
            for (long k = 0; !w.plusWeeks(k).isAfter(lastWeek); k++) {
                long n = cohort.getOrDefault(k, 0L);
                active.add(n);
                share.add(DashboardAnswers.rate(n, size));
            }
        }
        return out;
    }
}
