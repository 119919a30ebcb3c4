package dev.candor.collector.publish;

import java.nio.file.Path;

/**
 * What a publish did. {@code detailedRows} is how many day-and-combination rows the quarter has;
 * each ends up published as is, merged into a generalized row, or suppressed, so
 * {@code publishedOccurrences + leftOutOccurrences} is every counted command of the quarter.
 */
public record PublishReport(
        Path file,
        int rowsPublished,
        int rowsGeneralized,
        int detailedRows,
        int detailedRowsMerged,
        int rowsSuppressed,
        long publishedOccurrences,
        long leftOutOccurrences,
        int k) {

    public long totalOccurrences() {
        return publishedOccurrences + leftOutOccurrences;
    }

    /** The lines {@code candor publish} prints. */
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "published %s: %,d rows (%,d of them generalized to Other, merging %,d"
                        + " detailed rows), %,d detailed rows suppressed; %,d occurrences published, %,d left out (%.2f%%), k=%d",
                file.getFileName(),
                rowsPublished,
                rowsGeneralized,
                detailedRowsMerged,
                rowsSuppressed,
                publishedOccurrences,
                leftOutOccurrences,
                totalOccurrences() == 0 ? 0.0 : 100.0 * leftOutOccurrences / totalOccurrences(),
                k);
    }
}
