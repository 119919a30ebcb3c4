package dev.candor.collector.publish;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A calendar quarter, written {@code 2026-Q3} on the command line and {@code 2026-q3} in file names. */
public record Quarter(int year, int quarter) {
    private static final Pattern TEXT = Pattern.compile("(\\d{4})-[Qq]([1-4])");

    public Quarter {
        if (year < 1970 || year > 9999 || quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("not a quarter: " + year + "-Q" + quarter);
        }
    }

    /** Parses {@code 2026-Q3}; the message of the exception says what is expected. */
    public static Quarter parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a quarter; write it as 2026-Q3");
        }
        return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public static Quarter of(LocalDate day) {
        return new Quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }

    public LocalDate lastDay() {
        return firstDay().plusMonths(3).minusDays(1);
    }

    public Quarter previous() {
        return quarter == 1 ? new Quarter(year - 1, 4) : new Quarter(year, quarter - 1);
    }

    /** {@code forge-usage-2026-q3.tsv}: the .NET CLI's naming, with the tool in front. */
    public String fileName(String tool) {
        return tool + "-usage-" + year + "-q" + quarter + ".tsv";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d-Q%d", year, quarter);
    }
}
