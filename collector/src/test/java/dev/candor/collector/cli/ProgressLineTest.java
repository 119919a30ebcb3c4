package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress on a terminal is one redrawn line; in a log it is plain lines, without escape codes. */
class ProgressLineTest {
    @Test
    void withoutATerminalProgressIsPlainLinesOnePerStepAndPhase() {
        StringWriter out = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(out), "publish", false);
        for (int i = 0; i <= 1000; i++) {
            p.report("reading", i, 1000);
        }
        p.report("writing", 1, 1);
        p.finish();
        assertThat(out.toString()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(out.toString().lines())
                .hasSize(12)
                .startsWith("publish: 0% reading", "publish: 10% reading")
                .endsWith("publish: 100% reading", "publish: 100% writing");
    }

    @Test
    void onATerminalItRedrawsOneLine() {
        StringWriter out = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(out), "publish", true);
        p.report("reading", 1, 2);
        p.report("reading", 2, 2);
        p.finish();
        assertThat(out.toString()).startsWith("\rpublish: 50% reading\u001b[K").endsWith("\n");
    }

    @Test
    void aStepOfUnknownLengthSaysThatItRunsAndWhenItEndsButNothingWhenItFails() throws Exception {
        StringWriter out = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(out), "aggregate", false, java.time.Duration.ofMillis(100));
        java.util.concurrent.CountDownLatch ticks = new java.util.concurrent.CountDownLatch(1);
        long rows = p.during("compacting daily_usage", () -> {
            // runs until the progress has said at least once that it is still running
            while (!out.toString().contains("so far")) {
                ticks.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return 42L;
        });

        assertThat(rows).isEqualTo(42);
        assertThat(out.toString()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(out.toString().lines().toList())
                .first()
                .asString()
                .matches("aggregate: compacting daily_usage, [0-9]+ s so far");
        assertThat(out.toString().lines().toList())
                .last()
                .asString()
                .matches("aggregate: compacting daily_usage, done in [0-9.]+ s");

        StringWriter failed = new StringWriter();
        ProgressLine q = new ProgressLine(new PrintWriter(failed), "aggregate", false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.during("opening the store", () -> {
                    throw new IllegalStateException("unreachable");
                }))
                .hasMessage("unreachable");
        assertThat(failed.toString()).isEmpty();
    }
}
