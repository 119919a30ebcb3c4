package dev.candor.collector.dashboard;

/**
 * The fixed, log-spaced buckets of the Commands page's duration rollup, the same in every store. A
 * duration below {@value #EXACT} ms is a bucket of its own; a longer one keeps its five highest bits
 * (16 buckets per doubling), so bucket {@code [L, L + w)} has {@code w = 2^s} where {@code L >= 16 w}.
 * A percentile is given as its bucket's middle ({@code L + w / 2}), never above the largest duration
 * measured: at most {@code w / 2 <= L / 32} from the true value, an error of at most 1/32 (3.2 %).
 *
 * <p>The stores compute a bucket in SQL with comparisons and shifts only ({@link #shiftSql}), never
 * with a logarithm, so that a store's floating point cannot put a duration in another bucket than
 * Java does ({@code DurationHistogramSqlTest}).
 */
public final class DurationHistogram {
    /** Durations below this (ms) are their own bucket. */
    public static final long EXACT = 32;

    private static final int FIRST_SHIFTED_BIT = 5; // 2^5 = EXACT
    private static final int LAST_BIT = 62;

    private DurationHistogram() {}

    /** The bucket's lower bound for a duration in ms: its key in the rollup. */
    public static long lowerBound(long ms) {
        int s = shift(ms);
        return (ms >> s) << s;
    }

    /** The width of the bucket whose lower bound is {@code lower}: 1 below {@value #EXACT}, else {@code 2^s}. */
    public static long width(long lower) {
        return 1L << shift(lower);
    }

    /** The estimate a bucket stands for: its middle (its one value, below {@value #EXACT} ms). */
    public static long middle(long lower) {
        return lower + width(lower) / 2;
    }

    private static int shift(long ms) {
        if (ms < EXACT) {
            return 0;
        }
        int highestBit = 63 - Long.numberOfLeadingZeros(ms);
        return highestBit - 4;
    }

    /**
     * The bucket's shift in SQL for the integer expression {@code column}: how many of 2^5 .. 2^62 it
     * is at least, each comparison written as {@code comparison} formats it ({@code "(%s >= %d)::INT"}
     * for DuckDB, {@code "(%s >= %d)"} for ClickHouse, whose comparisons are already 0 or 1).
     */
    public static String shiftSql(String column, String comparison) {
        StringBuilder sql = new StringBuilder("(");
        for (int bit = FIRST_SHIFTED_BIT; bit <= LAST_BIT; bit++) {
            if (bit > FIRST_SHIFTED_BIT) {
                sql.append(" + ");
            }
            sql.append(String.format(java.util.Locale.ROOT, comparison, column, 1L << bit));
        }
        return sql.append(')').toString();
    }
}
