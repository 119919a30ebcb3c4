package dev.candor.collector.dashboard;

import java.time.LocalDate;

/** A tool and an inclusive range of days (UTC), as the dashboard's pages ask for them. */
public record DayRange(String tool, LocalDate from, LocalDate to) {
    /** The first instant of the range, for comparing with event times. */
    public java.time.LocalDateTime fromTime() {
        return from.atStartOfDay();
    }

    /** The first instant after the range. */
    public java.time.LocalDateTime toTimeExclusive() {
        return to.plusDays(1).atStartOfDay();
    }
}
