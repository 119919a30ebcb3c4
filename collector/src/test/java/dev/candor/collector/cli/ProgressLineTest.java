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
}
