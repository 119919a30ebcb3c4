package dev.candor.collector.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Open-loop pacing: when each request is due does not depend on when earlier ones were answered. */
class ScheduleTest {
    @Test
    void pacedRequestsAreDueAtFixedIntervalsUntilTheDurationEnds() {
        LoadPlan plan = LoadPlan.builder()
                .eventsPerSecond(1_000)
                .batch(100)
                .duration(Duration.ofSeconds(1))
                .build();
        Schedule s = new Schedule(plan, 5_000);

        assertThat(s.paced()).isTrue();
        for (int n = 0; n < 10; n++) {
            assertThat(s.take()).isEqualTo(n);
            assertThat(s.dueNanos(n)).isEqualTo(5_000 + n * 100_000_000L);
        }
        assertThat(s.take()).isEqualTo(-1); // the 11th would be due at 1 s
    }

    @Test
    void anEventCountEndsWithAPartialRequest() {
        Schedule s = new Schedule(LoadPlan.builder().events(250).batch(100).build(), 0);

        assertThat(s.paced()).isFalse();
        assertThat(s.take()).isZero();
        assertThat(s.take()).isEqualTo(1);
        assertThat(s.take()).isEqualTo(2);
        assertThat(s.take()).isEqualTo(-1);
        assertThat(s.events(0)).isEqualTo(100);
        assertThat(s.events(2)).isEqualTo(50);
    }

    @Test
    void theBaseUrlGetsTheLogsPath() {
        assertThat(LoadPlan.logsUrl(java.net.URI.create("http://h:1")).toString())
                .isEqualTo("http://h:1/v1/logs");
        assertThat(LoadPlan.logsUrl(java.net.URI.create("http://h:1/base/")).toString())
                .isEqualTo("http://h:1/base/v1/logs");
        assertThat(LoadPlan.logsUrl(java.net.URI.create("http://h:1/v1/logs")).toString())
                .isEqualTo("http://h:1/v1/logs");
    }
}
