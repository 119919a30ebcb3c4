package dev.candor.collector.publish;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The .NET CLI's published format, to the letter: tab-separated, this header, {@code Timestamp} as
 * {@code M/d/yyyy H:mm} at midnight UTC ({@code 4/16/2017 0:00}), LF line ends, UTF-8.
 */
public final class TsvFormat {
    public static final String HEADER =
            "Timestamp\tOccurrences\tCommand\tGeography\tOSFamily\tRuntimeID\tOSVersion\tSDKVersion";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);

    private TsvFormat() {}

    public static String line(UsageRow r) {
        return DAY.format(r.day()) + " 0:00\t" + r.occurrences() + '\t' + cell(r.command()) + '\t' + cell(r.geography())
                + '\t' + cell(r.osFamily()) + '\t' + cell(r.runtimeId()) + '\t' + cell(r.osVersion()) + '\t'
                + cell(r.sdkVersion());
    }

    /** A value with a tab or line break would shift columns: they become spaces; empty becomes Unknown. */
    static String cell(String value) {
        if (value == null || value.isBlank()) {
            return "Unknown";
        }
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                if (b == null) {
                    b = new StringBuilder(value);
                }
                b.setCharAt(i, ' ');
            }
        }
        return b == null ? value : b.toString();
    }
}
