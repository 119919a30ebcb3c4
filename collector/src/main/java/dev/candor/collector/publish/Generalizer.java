package dev.candor.collector.publish;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * k-anonymity for one period's small groups (fewer than k distinct machines), by local recoding from
 * the top down, as top-down specialization and Mondrian do: all of the period's small groups start as
 * one partition with every column {@code Other}; a partition is split by one column, one level down its
 * {@link Hierarchy}, whenever the parts keep at least k distinct machines each; the parts too small to
 * stand alone stay together at the parent's level. The columns are refined in the order of what tool
 * authors read first (command, tool version, operating system, continent, then the rest), so each
 * partition keeps as much of that as its machines allow, whatever the other partitions could keep.
 *
 * <p>What one split leaves too small to stand beside its siblings (a tool's rare 0.* beside its 1.*) is
 * set aside, and all that is set aside is refined again in a next round, from {@code Other}; what is
 * left when it has fewer than k machines in all is suppressed. A global order (one column given up after
 * another, for every group at once) kept the tool version for 2 % of the demo's published occurrences.
 * Every small group ends in exactly one published row or among the suppressed, so the published rows
 * never overlap and each describes at least k distinct machines.
 */
final class Generalizer {
    static final String OTHER = "Other";

    private static final int COLUMNS = Hierarchy.COLUMNS.length;

    /** A group: its six dimension values, its occurrences, and the machines behind it. */
    static final class Group {
        final String[] dims;
        long occurrences;
        final Set<String> machines;
        int detailedRows;

        Group(String[] dims, long occurrences, Set<String> machines, int detailedRows) {
            this.dims = dims;
            this.occurrences = occurrences;
            this.machines = machines;
            this.detailedRows = detailedRows;
        }
    }

    /**
     * One published row: its values, the distinct machines behind it, each column's {@link Hierarchy} level
     * (0: every merged group's own value), and the indexes of the merged groups in the input.
     */
    record Published(UsageRow row, int machines, int[] levels, int[] members) {}

    record Outcome(
            List<Published> rows,
            int suppressedRows,
            long suppressedOccurrences,
            int[] suppressedGroups,
            int mergedRows) {}

    private Generalizer() {}

    static Outcome generalize(LocalDate day, List<Group> small, int k) {
        int n = small.size();
        // Each group's value at each level of each column, as an id per (column, level): equal ids, equal values.
        int[][][] ids = new int[n][COLUMNS][];
        List<List<Map<String, Integer>>> dictionaries = new ArrayList<>();
        for (int c = 0; c < COLUMNS; c++) {
            List<Map<String, Integer>> levels = new ArrayList<>();
            for (int l = 0; l < Hierarchy.LEVELS[c]; l++) {
                levels.add(new HashMap<>());
            }
            dictionaries.add(levels);
        }
        for (int g = 0; g < n; g++) {
            for (int c = 0; c < COLUMNS; c++) {
                ids[g][c] = new int[Hierarchy.LEVELS[c]];
                for (int l = 0; l < Hierarchy.LEVELS[c]; l++) {
                    Map<String, Integer> dict = dictionaries.get(c).get(l);
                    String v = Hierarchy.at(c, small.get(g).dims[c], l);
                    Integer id = dict.get(v);
                    if (id == null) {
                        id = dict.size();
                        dict.put(v, id);
                    }
                    ids[g][c][l] = id;
                }
            }
        }
        List<Integer> all = new ArrayList<>(n);
        for (int g = 0; g < n; g++) {
            all.add(g);
        }
        List<Published> out = new ArrayList<>();
        int merged = 0;
        // What a split left too small to stand beside its siblings is set aside and refined again, with
        // the rest set aside, from Other: the tiny 0.* of one partition no longer costs its 1.* the version.
        List<Integer> pool = all;
        while (!pool.isEmpty() && machines(small, pool).size() >= k) {
            int[] levels = new int[COLUMNS];
            for (int c = 0; c < COLUMNS; c++) {
                levels[c] = Hierarchy.LEVELS[c] - 1;
            }
            List<Integer> deferred = new ArrayList<>();
            new Specializer(small, ids, k, day, out, deferred).refine(pool, levels, new boolean[COLUMNS]);
            pool = deferred;
        }
        for (Published p : out) {
            for (int g : p.members()) {
                merged += small.get(g).detailedRows;
            }
        }
        int[] suppressedGroups = pool.stream().mapToInt(Integer::intValue).toArray();
        int suppressed = 0;
        long left = 0;
        for (int g : suppressedGroups) {
            suppressed += small.get(g).detailedRows;
            left += small.get(g).occurrences;
        }
        return new Outcome(out, suppressed, left, suppressedGroups, merged);
    }

    /**
     * The refinements a partition tries, in this order, each one level down one column's hierarchy: the
     * command; the tool version to its major, then major.minor; the runtime id to its operating system; the
     * OS family; the country to its continent; the runtime id with its architecture; then the rest. Earlier steps are what a
     * partition keeps when there are too few machines for all of them.
     */
    private static final int[][] STEPS = {
        {0, 0}, // Command
        {5, 2}, // SDKVersion: major.*
        {5, 1}, // major.minor.*
        {3, 2}, // RuntimeID: operating system
        {2, 0}, // OSFamily
        {1, 1}, // Geography: continent
        {3, 1}, // RuntimeID: portable, operating system and architecture
        {5, 0}, // SDKVersion: exact
        {3, 0}, // RuntimeID: exact
        {1, 0}, // Geography: country
        {4, 2}, // OSVersion: major.*
        {4, 1}, // major.minor.*
        {4, 0}, // exact
    };

    /**
     * Top-down: a partition of small groups, all at least k machines, is split by one column one level
     * down; the children with at least k machines become partitions of their own, the others stay
     * together at the parent's level (or, with fewer than k machines between them, are set aside for the
     * next round), and each part is refined again. A partition no step can split is a published row.
     */
    private record Specializer(
            List<Group> small, int[][][] ids, int k, LocalDate day, List<Published> out, List<Integer> deferred) {
        void refine(List<Integer> members, int[] levels, boolean[] closed) {
            for (int[] step : STEPS) {
                int c = step[0];
                int target = step[1];
                // A step may skip a level: when a tool's 0.* is too small to stand beside its 1.*, its major
                // versions cannot be split, but its major.minor ones may be.
                if (closed[c] || levels[c] <= target) {
                    continue;
                }
                Map<Integer, List<Integer>> children = new LinkedHashMap<>();
                for (int g : members) {
                    children.computeIfAbsent(ids[g][c][target], x -> new ArrayList<>())
                            .add(g);
                }
                if (children.size() < 2) {
                    levels[c] = target; // all the same one level down: nothing is lost by taking it
                    refine(members, levels, closed);
                    return;
                }
                List<List<Integer>> large = new ArrayList<>();
                Map<List<Integer>, Integer> sizes = new HashMap<>();
                List<Integer> rest = new ArrayList<>();
                for (List<Integer> child : children.values()) {
                    int size = machines(small, child).size();
                    if (size >= k) {
                        large.add(child);
                        sizes.put(child, size);
                    } else {
                        rest.addAll(child);
                    }
                }
                large.sort((a, b) -> Integer.compare(sizes.get(b), sizes.get(a))); // largest first
                if (large.isEmpty()) {
                    continue; // this column cannot be split here
                }
                if (!rest.isEmpty() && machines(small, rest).size() < k) {
                    deferred.addAll(rest); // refined again with the other partitions' leftovers
                    rest = List.of();
                }
                for (List<Integer> child : large) {
                    int[] childLevels = levels.clone();
                    childLevels[c] = target;
                    refine(child, childLevels, closed.clone());
                }
                if (!rest.isEmpty()) {
                    boolean[] restClosed = closed.clone();
                    restClosed[c] = true;
                    refine(rest, levels.clone(), restClosed);
                }
                return;
            }
            publish(members, levels);
        }

        private void publish(List<Integer> members, int[] node) {
            String[] dims = new String[COLUMNS];
            int[] levels = new int[COLUMNS];
            String[] first = small.get(members.get(0)).dims;
            for (int c = 0; c < COLUMNS; c++) {
                // The most detailed level at which every member reads the same.
                int level = 0;
                while (level < node[c] && !sameAt(ids, members, c, level)) {
                    level++;
                }
                dims[c] = Hierarchy.at(c, first[c], level);
                levels[c] = level;
            }
            long occurrences = 0;
            int[] memberArray = new int[members.size()];
            for (int i = 0; i < members.size(); i++) {
                memberArray[i] = members.get(i);
                occurrences += small.get(members.get(i)).occurrences;
            }
            out.add(new Published(
                    new UsageRow(day, dims[0], dims[1], dims[2], dims[3], dims[4], dims[5], occurrences),
                    machines(small, members).size(),
                    levels,
                    memberArray));
        }
    }

    private static Set<String> machines(List<Group> small, List<Integer> members) {
        Set<String> out = new HashSet<>();
        for (int g : members) {
            out.addAll(small.get(g).machines);
        }
        return out;
    }

    private static boolean sameAt(int[][][] ids, List<Integer> members, int column, int level) {
        int id = ids[members.get(0)][column][level];
        for (int g : members) {
            if (ids[g][column][level] != id) {
                return false;
            }
        }
        return true;
    }
}
