package dev.candor.collector.publish;

import java.nio.file.Path;

/**
 * What a publish did. {@code detailedRows} is how many day-and-combination rows the quarter has;
 * each ends up published as is (alone or summed into its period's row), merged into a generalized row,
 * or suppressed, so {@code publishedOccurrences + leftOutOccurrences} is every counted command of the
 * quarter. {@code utility} says how much of each column's detail the published occurrences kept.
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
        int k,
        Period period,
        Utility utility) {

    public long totalOccurrences() {
        return publishedOccurrences + leftOutOccurrences;
    }

    /** The data dictionary written beside the file. */
    public Path dictionary() {
        return DataDictionary.pathFor(file);
    }

    /** What {@code candor publish} prints: the counts, then the utility table. */
    public String summary() {
        return counts() + "\nhow much detail the published occurrences kept:\n"
                + utility.table().stripTrailing();
    }

    /** The counts, on one line (for a log). */
    public String counts() {
        return String.format(
                java.util.Locale.ROOT,
                "published %s: %,d rows, one per %s and combination (%,d of them generalized, merging %,d"
                        + " detailed rows), %,d detailed rows suppressed; %,d occurrences published, %,d left out (%.2f%%), k=%d",
                file.getFileName(),
                rowsPublished,
                period.setting(),
                rowsGeneralized,
                detailedRowsMerged,
                rowsSuppressed,
                publishedOccurrences,
                leftOutOccurrences,
                totalOccurrences() == 0 ? 0.0 : 100.0 * leftOutOccurrences / totalOccurrences(),
                k);
    }
}
