package dev.candor.collector.publish;

import java.time.LocalDate;
import java.util.Comparator;

/** One row of a published file: a day and a combination of the six dimensions, with its count. */
public record UsageRow(
        LocalDate day,
        String command,
        String geography,
        String osFamily,
        String runtimeId,
        String osVersion,
        String sdkVersion,
        long occurrences) {

    /** The documented order of a file: by day, then by each column in header order, ordinal. */
    public static final Comparator<UsageRow> FILE_ORDER = Comparator.comparing(UsageRow::day)
            .thenComparing(UsageRow::command)
            .thenComparing(UsageRow::geography)
            .thenComparing(UsageRow::osFamily)
            .thenComparing(UsageRow::runtimeId)
            .thenComparing(UsageRow::osVersion)
            .thenComparing(UsageRow::sdkVersion)
            .thenComparingLong(UsageRow::occurrences); // a real value spelt "Other" may tie with a generalized row
}
