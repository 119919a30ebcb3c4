package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class QuarterTest {
    @Test
    void parsesAndNamesQuarters() {
        Quarter q = Quarter.parse("2026-Q3");

        assertThat(q.firstDay()).isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(q.lastDay()).isEqualTo(LocalDate.of(2026, 9, 30));
        assertThat(q.fileName("forge")).isEqualTo("forge-usage-2026-q3.tsv");
        assertThat(Quarter.parse("2027-q1").previous()).isEqualTo(new Quarter(2026, 4));
        assertThat(Quarter.of(LocalDate.of(2026, 11, 21))).isEqualTo(new Quarter(2026, 4));
        assertThatThrownBy(() -> Quarter.parse("2026-Q5")).hasMessageContaining("write it as 2026-Q3");
        assertThatThrownBy(() -> Quarter.parse("Q3")).hasMessageContaining("is not a quarter");
    }
}
