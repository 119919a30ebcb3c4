package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class GeneralizerTest {
    private static final LocalDate DAY = LocalDate.of(2026, 7, 1);

    private static Generalizer.Group group(long occurrences, String... dimsThenMachines) {
        String[] dims = Arrays.copyOf(dimsThenMachines, 6);
        Set<String> machines = new HashSet<>(List.of(dimsThenMachines).subList(6, dimsThenMachines.length));
        return new Generalizer.Group(dims, occurrences, machines, 1);
    }

    private static List<UsageRow> rows(Generalizer.Outcome o) {
        return o.rows().stream().map(Generalizer.Published::row).toList();
    }

    @Test
    void aGroupThatNeedsOnlyItsOsVersionDroppedKeepsEverythingElse() {
        List<Generalizer.Group> small = List.of(
                group(5, "build", "Germany", "Linux", "linux-x64", "6.1.0", "1.0.2", "a", "b"),
                group(7, "build", "Germany", "Linux", "linux-x64", "6.1.3", "1.0.2", "c"),
                group(1, "pack", "Chile", "Darwin", "osx-arm64", "14.1", "1.0.2", "d"));

        Generalizer.Outcome o = Generalizer.generalize(DAY, small, 3);

        assertThat(rows(o))
                .containsExactly(new UsageRow(DAY, "build", "Germany", "Linux", "linux-x64", "6.1.*", "1.0.2", 12));
        assertThat(o.rows().get(0).machines()).isEqualTo(3);
        assertThat(o.rows().get(0).levels()).containsExactly(0, 0, 0, 0, 1, 0);
        assertThat(o.suppressedRows()).isEqualTo(1);
        assertThat(o.suppressedOccurrences()).isEqualTo(1);
        assertThat(o.mergedRows()).isEqualTo(2);
    }

    @Test
    void eachGroupGetsItsOwnGeneralizationNotTheOthers() {
        List<Generalizer.Group> small = List.of(
                // two need the OS version dropped ...
                group(1, "build", "Germany", "Linux", "linux-x64", "6.1.0", "1.0.2", "a", "b"),
                group(1, "build", "Germany", "Linux", "linux-x64", "5.4.0", "1.0.2", "c"),
                // ... two others their countries, within one continent
                group(1, "run", "France", "Windows", "win-x64", "10.0", "1.3.0", "d", "e"),
                group(1, "run", "Spain", "Windows", "win-x64", "10.0", "1.3.0", "f"));

        List<UsageRow> rows = rows(Generalizer.generalize(DAY, small, 3));

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        new UsageRow(DAY, "build", "Germany", "Linux", "linux-x64", "Other", "1.0.2", 2),
                        new UsageRow(DAY, "run", "Europe", "Windows", "win-x64", "10.0", "1.3.0", 2));
    }

    @Test
    void theToolVersionIsGivenUpLastAndOnlyAsFarAsNeeded() {
        List<Generalizer.Group> small = List.of(
                group(1, "build", "Germany", "Linux", "linux-x64", "6.1.0", "1.2.1", "a"),
                group(1, "build", "Germany", "Linux", "linux-x64", "6.1.0", "1.2.2", "b"),
                group(1, "build", "Germany", "Linux", "linux-x64", "6.1.0", "1.2.3", "c"));

        List<UsageRow> rows = rows(Generalizer.generalize(DAY, small, 3));

        assertThat(rows)
                .containsExactly(new UsageRow(DAY, "build", "Germany", "Linux", "linux-x64", "6.1.0", "1.2.*", 3));
    }

    @Test
    void machinesAreCountedOnceWhenGroupsShareThem() {
        List<Generalizer.Group> small = List.of(
                group(1, "build", "Germany", "Linux", "linux-x64", "6.1", "1.0", "a", "b"),
                group(1, "build", "Germany", "Linux", "linux-x64", "6.2", "1.0", "a", "b"));

        Generalizer.Outcome o = Generalizer.generalize(DAY, small, 3);

        assertThat(o.rows()).isEmpty();
        assertThat(o.suppressedRows()).isEqualTo(2);
    }

    /**
     * Checked from the input, not from what the generalizer says: each group is in one row or suppressed,
     * each row's values are its members' values at one level of each column, and its members' machines,
     * counted here, are at least k.
     */
    @RepeatedTest(20)
    void everyRowHasAtLeastKMachinesOfItsOwnMembersAndEveryGroupIsInOneRow() {
        Random r = new Random();
        int k = 2 + r.nextInt(10);
        String[] countries = {"Germany", "France", "Chile", "Japan", "Kenya", "Canada", "Unknown"};
        String[] rids = {"linux-x64", "linux-musl-x64", "linux-arm64", "win-x64", "osx-arm64"};
        List<Generalizer.Group> small = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 300; i++) {
            String[] dims = {
                "c" + r.nextInt(4),
                countries[r.nextInt(countries.length)],
                "o" + r.nextInt(3),
                rids[r.nextInt(rids.length)],
                r.nextInt(3) + "." + r.nextInt(4) + "." + r.nextInt(5),
                "1." + r.nextInt(4) + "." + r.nextInt(3)
            };
            Set<String> machines = new HashSet<>();
            for (int m = 0, n = 1 + r.nextInt(k - 1); m < n; m++) {
                machines.add("m" + r.nextInt(400));
            }
            long occ = 1 + r.nextInt(50);
            total += occ;
            small.add(new Generalizer.Group(dims, occ, machines, 1));
        }

        Generalizer.Outcome o = Generalizer.generalize(DAY, small, k);

        int[] seen = new int[small.size()];
        long published = 0;
        for (Generalizer.Published p : o.rows()) {
            UsageRow row = p.row();
            String[] values = {
                row.command(), row.geography(), row.osFamily(), row.runtimeId(), row.osVersion(), row.sdkVersion()
            };
            Set<String> machines = new HashSet<>();
            long occurrences = 0;
            for (int g : p.members()) {
                seen[g]++;
                machines.addAll(small.get(g).machines);
                occurrences += small.get(g).occurrences;
                for (int c = 0; c < 6; c++) {
                    String own = small.get(g).dims[c];
                    boolean reachable = false;
                    for (int l = 0; l < Hierarchy.LEVELS[c]; l++) {
                        reachable |= Hierarchy.at(c, own, l).equals(values[c]);
                    }
                    assertThat(reachable).as("%s reads %s", own, values[c]).isTrue();
                }
            }
            assertThat(machines).hasSizeGreaterThanOrEqualTo(k);
            assertThat(row.occurrences()).isEqualTo(occurrences);
            published += occurrences;
        }
        for (int g : o.suppressedGroups()) {
            seen[g]++;
        }
        assertThat(seen).containsOnly(1);
        assertThat(published + o.suppressedOccurrences()).isEqualTo(total);
        assertThat(o.mergedRows() + o.suppressedRows()).isEqualTo(small.size());
    }
}
