package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class GeneralizerTest {
    private static final LocalDate DAY = LocalDate.of(2026, 7, 1);

    private static Generalizer.Group group(long occurrences, String... dimsThenMachines) {
        String[] dims = java.util.Arrays.copyOf(dimsThenMachines, 6);
        Set<String> machines = new HashSet<>(List.of(dimsThenMachines).subList(6, dimsThenMachines.length));
        return new Generalizer.Group(dims, occurrences, machines, 1);
    }

    @Test
    void smallGroupsMergeWhenTheirOsVersionIsGivenUpFirst() {
        List<Generalizer.Group> small = List.of(
                group(5, "build", "Germany", "Linux", "linux-x64", "6.1", "1.0", "a", "b"),
                group(7, "build", "Germany", "Linux", "linux-x64", "6.2", "1.0", "c"),
                group(1, "pack", "Chile", "Darwin", "osx-arm64", "14.1", "1.0", "d"));

        Generalizer.Outcome o = Generalizer.generalize(DAY, small, 3);

        assertThat(o.rows())
                .containsExactly(new UsageRow(DAY, "build", "Germany", "Linux", "linux-x64", "Other", "1.0", 12));
        assertThat(o.machinesPerRow()).containsExactly(3);
        assertThat(o.suppressedRows()).isEqualTo(1);
        assertThat(o.suppressedOccurrences()).isEqualTo(1);
        assertThat(o.mergedRows()).isEqualTo(2);
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

    @RepeatedTest(20)
    void noRowHasFewerThanKMachinesAndEveryOccurrenceIsAccountedFor() {
        Random r = new Random();
        int k = 2 + r.nextInt(10);
        List<Generalizer.Group> small = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 200; i++) {
            String[] dims = {
                "c" + r.nextInt(4),
                "g" + r.nextInt(20),
                "o" + r.nextInt(3),
                "r" + r.nextInt(5),
                "v" + r.nextInt(30),
                "s" + r.nextInt(4)
            };
            Set<String> machines = new HashSet<>();
            for (int m = 0, n = 1 + r.nextInt(k - 1); m < n; m++) {
                machines.add("m" + r.nextInt(300));
            }
            long occ = 1 + r.nextInt(50);
            total += occ;
            small.add(new Generalizer.Group(dims, occ, machines, 1));
        }

        Generalizer.Outcome o = Generalizer.generalize(DAY, small, k);

        assertThat(o.machinesPerRow()).allMatch(n -> n >= k);
        assertThat(o.rows().stream().mapToLong(UsageRow::occurrences).sum() + o.suppressedOccurrences())
                .isEqualTo(total);
        assertThat(o.mergedRows() + o.suppressedRows()).isEqualTo(small.size());
        assertThat(o.rows()).allMatch(UsageRow::generalized);
    }
}
