package dev.candor.collector.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.candor.common.Scrubber;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The scrubber runs on every string a client or the collector keeps: it must never throw, never
 * grow a value past the cap, and leave its own output alone (scrubbing twice changes nothing), or
 * a second pass on the collector would mangle what the client already cleaned. And it must stay fast
 * on long repetitive text, the shape that makes regular expressions backtrack: the per-input time
 * limit fails a round that finds a slow one.
 */
class ScrubberFuzzTest {
    private static final Scrubber SCRUBBER = Scrubber.standard();

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
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

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void longRepetitiveText(FuzzedDataProvider data) {
        // A short unit repeated up to 256 KiB, between a prefix and a suffix: "key " + "-.".repeat(n) took
        // 9.4 s at 32 k characters before the rules were made linear.
        String prefix = data.consumeString(16);
        String unit = data.consumeString(8);
        int times = unit.isEmpty() ? 0 : data.consumeInt(0, (256 << 10) / unit.length());
        String suffix = data.consumeRemainingAsString();
        String value = prefix + unit.repeat(times) + suffix;
        String once = SCRUBBER.scrub(value, value.length() + 1);
        if (once.length() > value.length() + 1) {
            throw new IllegalStateException("scrubbed value longer than the cap");
        }
    }
}
