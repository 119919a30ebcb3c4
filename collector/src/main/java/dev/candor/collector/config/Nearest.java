package dev.candor.collector.config;

/** The known name nearest to a misspelt one, for "did you mean" hints (setting keys, command-line flags). */
public final class Nearest {
    /** Names farther than this many single-character edits are not suggested. */
    private static final int MAX_EDITS = 2;

    private Nearest() {}

    /** The candidate within two edits of {@code unknown} that is nearest, or null when none is. */
    public static String of(String unknown, Iterable<String> candidates) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String c : candidates) {
            int d = distance(unknown, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
