package dev.candor.collector.publish;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * k-anonymity for one day's small groups (fewer than k distinct machines): their dimension values
 * are replaced by {@code Other} one dimension at a time, least informative first (OS version,
 * runtime id, tool version, country, OS family, command), and the groups that then share a key are
 * merged, their machine sets united. A merged group with at least k machines is published; what is
 * still below k after every dimension is {@code Other} is suppressed.
 */
final class Generalizer {
    static final String OTHER = "Other";

    /** Dimension indexes in the order they are given up: [command, geography, osFamily, runtimeId, osVersion, sdkVersion]. */
    private static final int[] ORDER = {4, 3, 5, 1, 2, 0};

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

    /** {@code machinesPerRow} runs parallel to {@code rows}: the distinct machines behind each. */
    record Outcome(
            List<UsageRow> rows,
            List<Integer> machinesPerRow,
            int suppressedRows,
            long suppressedOccurrences,
            int mergedRows) {}

    private Generalizer() {}

    static Outcome generalize(LocalDate day, List<Group> small, int k) {
        List<UsageRow> out = new ArrayList<>();
        List<Integer> machines = new ArrayList<>();
        int merged = 0;
        List<Group> pending = small;
        for (int level = 1; level <= ORDER.length && !pending.isEmpty(); level++) {
            Map<List<String>, Group> byKey = new HashMap<>();
            for (Group g : pending) {
                String[] dims = g.dims.clone();
                for (int i = 0; i < level; i++) {
                    dims[ORDER[i]] = OTHER;
                }
                Group target = byKey.get(List.of(dims));
                if (target == null) {
                    byKey.put(List.of(dims), new Group(dims, g.occurrences, new HashSet<>(g.machines), g.detailedRows));
                } else {
                    target.occurrences += g.occurrences;
                    target.machines.addAll(g.machines);
                    target.detailedRows += g.detailedRows;
                }
            }
            List<Group> next = new ArrayList<>();
            for (Group g : byKey.values()) {
                if (g.machines.size() >= k) {
                    out.add(new UsageRow(
                            day, g.dims[0], g.dims[1], g.dims[2], g.dims[3], g.dims[4], g.dims[5], g.occurrences));
                    machines.add(g.machines.size());
                    merged += g.detailedRows;
                } else {
                    next.add(g);
                }
            }
            pending = next;
        }
        int suppressed = 0;
        long left = 0;
        for (Group g : pending) {
            suppressed += g.detailedRows;
            left += g.occurrences;
        }
        return new Outcome(out, machines, suppressed, left, merged);
    }
}
