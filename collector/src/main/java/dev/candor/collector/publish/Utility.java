package dev.candor.collector.publish;

import java.util.Locale;

/**
 * How much of a published file's detail survived k-anonymity: for each column, the share of the
 * published occurrences whose value is the exact one, one or two {@link Hierarchy} levels up (a continent,
 * {@code linux-x64}, {@code 1.2.*}; {@code linux}, {@code 1.*}) or {@code Other}. {@code candor publish}
 * prints it, and the data dictionary holds it.
 */
public final class Utility {
    private static final int KINDS = 4; // exact, one level up, two levels up, Other

    private final long[][] occurrences = new long[Hierarchy.COLUMNS.length][KINDS];
    private long all;
    private long allExact;

    /** Counts one published row, whose column c is at {@code levels[c]} of its hierarchy. */
    void add(UsageRow row, int[] levels) {
        boolean allColumns = true;
        for (int c = 0; c < levels.length; c++) {
            occurrences[c][kind(c, levels[c])] += row.occurrences();
            allColumns &= levels[c] == 0;
        }
        all += row.occurrences();
        if (allColumns) {
            allExact += row.occurrences();
        }
    }

    private static int kind(int column, int level) {
        return level == Hierarchy.LEVELS[column] - 1 ? KINDS - 1 : level;
    }

    /**
     * The share (0 to 1) of published occurrences whose {@code column} is exact (kind 0), one level up (1),
     * two levels up (2) or Other (3).
     */
    public double share(int column, int kind) {
        return all == 0 ? 0 : (double) occurrences[column][kind] / all;
    }

    /** The share of {@code column} (named as in the header) at most {@code levelsUp} levels up, Other excluded. */
    public double kept(String column, int levelsUp) {
        for (int c = 0; c < Hierarchy.COLUMNS.length; c++) {
            if (Hierarchy.COLUMNS[c].equals(column)) {
                double kept = 0;
                for (int kind = 0; kind <= Math.min(levelsUp, KINDS - 2); kind++) {
                    kept += share(c, kind);
                }
                return kept;
            }
        }
        throw new IllegalArgumentException("no column " + column);
    }

    /** The share of {@code column} not Other. */
    public double kept(String column) {
        return kept(column, KINDS);
    }

    public double allColumnsExact() {
        return all == 0 ? 0 : (double) allExact / all;
    }

    public long publishedOccurrences() {
        return all;
    }

    /** The table, in Markdown: a row per kind, a column per published column, and all six exact. */
    public String table() {
        StringBuilder b = new StringBuilder("| of the published occurrences |");
        for (String c : Hierarchy.COLUMNS) {
            b.append(' ').append(c).append(" |");
        }
        b.append(" all six |\n|---|");
        b.append("--:|".repeat(Hierarchy.COLUMNS.length + 1)).append('\n');
        String[] kinds = {
            "kept exact", "one level up (continent, linux-x64, 1.2.*)", "two levels up (linux, 1.*)", "Other"
        };
        for (int kind = 0; kind < KINDS; kind++) {
            b.append("| ").append(kinds[kind]).append(" |");
            for (int c = 0; c < Hierarchy.COLUMNS.length; c++) {
                // A column with fewer levels has no such kind.
                boolean has = kind == 0 || kind == KINDS - 1 || kind < Hierarchy.LEVELS[c] - 1;
                b.append(' ').append(has ? percent(share(c, kind)) : "").append(" |");
            }
            b.append(' ').append(kind == 0 ? percent(allColumnsExact()) : "").append(" |\n");
        }
        return b.toString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
