package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTest {
    private static final Quarter Q3 = Quarter.parse("2026-Q3");

    @Test
    void aWeekStartsOnMondayButNeverBeforeTheQuarter() {
        // 2026-07-01 is a Wednesday.
        assertThat(Period.WEEK.start(LocalDate.parse("2026-07-03"), Q3)).isEqualTo("2026-07-01");
        assertThat(Period.WEEK.start(LocalDate.parse("2026-07-06"), Q3)).isEqualTo("2026-07-06");
        assertThat(Period.WEEK.start(LocalDate.parse("2026-07-12"), Q3)).isEqualTo("2026-07-06");
        assertThat(Period.WEEK.start(LocalDate.parse("2026-09-30"), Q3)).isEqualTo("2026-09-28");
    }

    @Test
    void aMonthStartsOnItsFirstAndADayIsItself() {
        assertThat(Period.MONTH.start(LocalDate.parse("2026-08-31"), Q3)).isEqualTo("2026-08-01");
        assertThat(Period.DAY.start(LocalDate.parse("2026-08-31"), Q3)).isEqualTo("2026-08-31");
    }

    @Test
    void theSettingIsParsedWithAClearMessage() {
        assertThat(Period.parse("week")).isEqualTo(Period.WEEK);
        assertThatThrownBy(() -> Period.parse("fortnight"))
                .hasMessage("'fortnight' is not a period: use day, week or month");
    }
}
