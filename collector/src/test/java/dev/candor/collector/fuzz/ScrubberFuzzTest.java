package dev.candor.collector.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.candor.telemetry.internal.Scrubber;

/**
 * The scrubber runs on every string a client or the collector keeps: it must never throw, never
 * grow a value past the cap, and leave its own output alone (scrubbing twice changes nothing), or
 * a second pass on the collector would mangle what the client already cleaned.
 */
class ScrubberFuzzTest {
    private static final Scrubber SCRUBBER = Scrubber.standard();

    @FuzzTest(maxDuration = "10s")
    void anyText(FuzzedDataProvider data) {
        int cap = data.consumeInt(1, 2000);
        String value = data.consumeRemainingAsString();
        String once = SCRUBBER.scrub(value, cap);
        if (once.length() > cap) {
            throw new IllegalStateException("scrubbed value longer than the cap " + cap);
        }
        String twice = SCRUBBER.scrub(once, cap);
        if (!twice.equals(once)) {
            throw new IllegalStateException("not idempotent: <" + once + "> became <" + twice + ">");
        }
    }
}
