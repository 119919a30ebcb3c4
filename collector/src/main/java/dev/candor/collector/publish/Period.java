package dev.candor.collector.publish;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * What one row of a published file covers: a day (the .NET CLI's files, the default), a week or a
 * month. The row's Timestamp is the period's first day, at midnight UTC. Weeks start on Monday (ISO
 * 8601); the quarter's first week starts on the quarter's first day, so no row is dated before the
 * quarter, and its last week ends with the quarter.
 */
public enum Period {
    DAY,
    WEEK,
    MONTH;

    /** The first day of the period that holds {@code day}, within {@code quarter}. */
    public LocalDate start(LocalDate day, Quarter quarter) {
        LocalDate start = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return start.isBefore(quarter.firstDay()) ? quarter.firstDay() : start;
    }

    /** {@code day}, {@code week} or {@code month}, as the setting is written. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the setting's value; the message names the values allowed. */
    public static Period parse(String value) {
        for (Period p : values()) {
            if (p.setting().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a period: use day, week or month");
    }
}
