package dev.candor.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Scrubbing is linear in its input, whatever the input: every rule's pattern has bounded quantifiers,
 * and a value is cut to its cap plus {@link Scrubber#MATCH_REACH} before the rules run. The inputs
 * below are built to make each rule work hardest (the quadratic one the review found was
 * {@code "key " + "-.".repeat(n)}: 9.4 s at 32 k characters); each megabyte of them must cost at most
 * five times a megabyte of ordinary log text that every rule scans to its end. Ratios in one run, so
 * the test holds on a busy machine.
 */
class ScrubberTimeTest {
    private static final int SIZE = 1 << 20;
    private static final Scrubber SCRUBBER = Scrubber.withLocalPaths(List.of("/home/ann", "/tmp"));

    /** Log lines that give every rule something to look at and none a match, so each scans it all. */
    static String ordinary() {
        String line = "INFO 2026-12-01 step=compile module=core took=12ms from https://repo.example.org/maven2 "
                + "@Override --verbose /usr/lib/jvm/java-17 version 1.2.3.4.5 token-count=3 monkey=1 a:b:c ~x "
                + "Basic auth failed C-3PO\n";
        return repeat(line);
    }

    /** Inputs that drive each rule to its worst, by rule. */
    static Map<String, String> adversarial() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("secret flag (the review's quadratic)", "key " + repeat("-."));
        m.put("secret flag, long names", repeat("--" + "a-".repeat(60) + "keyx "));
        m.put("secret assignment, spaces", repeat("key" + " ".repeat(15) + "x"));
        m.put("secret names back to back", repeat("keytokensecretpasswd"));
        m.put("credential URL, no user", repeat("a://" + "x".repeat(250) + " "));
        m.put("credential URL schemes", repeat("ab+c.d-e://"));
        m.put("bearer, no token", repeat("bearer " + "a".repeat(250) + " "));
        m.put("JWT headers, no payload", repeat("eyJ" + "a".repeat(500) + "."));
        m.put("private key headers", repeat("-----BEGIN " + "A ".repeat(19)));
        m.put("e-mail local parts, no domain", repeat("a.b%c+d-e_f@"));
        m.put("e-mail, labels without a top level", repeat("x@" + "a1-.".repeat(60) + " "));
        m.put("user paths, UNC", repeat("\\\\\\\\" + "a".repeat(250) + " "));
        m.put("user paths, tildes", repeat("~" + "a".repeat(60) + " "));
        m.put("user paths, spaces inside", "/home/ann/" + repeat("a "));
        m.put("IPv4 runs", repeat("1.2.3."));
        m.put("IPv6 runs", repeat("1:2:3:4:5:6:7:"));
        m.put("IPv6 double colons", repeat("::1:"));
        return m;
    }

    @Test
    void eachRulesWorstInputCostsAtMostFiveTimesOrdinaryText() {
        String ordinary = ordinary();
        long base = bestOf(ordinary);
        SoftAssertions softly = new SoftAssertions();
        StringBuilder report = new StringBuilder("scrubbing 1 MiB: ordinary " + base / 1_000_000 + " ms");
        for (Map.Entry<String, String> e : adversarial().entrySet()) {
            long t = bestOf(e.getValue());
            report.append("; ")
                    .append(e.getKey())
                    .append(' ')
                    .append(t / 1_000_000)
                    .append(" ms");
            softly.assertThat((double) t / base)
                    .as("%s: %d ms against %d ms", e.getKey(), t / 1_000_000, base / 1_000_000)
                    .isLessThanOrEqualTo(5.0);
        }
        System.out.println(report);
        softly.assertAll();
    }

    @Test
    void aSecretJustInsideTheCapIsStillFoundAndOnePastItIsCutOff() {
        String filler = "x".repeat(990);
        assertThat(SCRUBBER.scrub(filler + " password=hunter2 " + "y".repeat(5_000_000), 1000))
                .as("a secret that starts inside the cap")
                .isEqualTo(Scrubber.SECRET);
        String past = SCRUBBER.scrub("x".repeat(1000 + Scrubber.MATCH_REACH) + " password=hunter2", 1000);
        assertThat(past)
                .as("past the cap it is dropped with the rest")
                .hasSize(1000)
                .doesNotContain("hunter2");
        String email = "a".repeat(256) + "@" + "b".repeat(63) + ("." + "c".repeat(63)).repeat(8) + "." + "d".repeat(63);
        assertThat(email.length())
                .as("the longest e-mail the rule matches fits in the reach")
                .isLessThanOrEqualTo(Scrubber.MATCH_REACH);
        assertThat(SCRUBBER.scrub("x".repeat(999) + " " + email + "y".repeat(4_000_000), 1000))
                .isEqualTo(Scrubber.EMAIL);
    }

    @Test
    void aHugeValueCostsNoMoreThanItsCap() {
        String huge = "key " + repeat("-.").repeat(4); // 4 MiB, the body limit
        long t0 = System.nanoTime();
        String out = SCRUBBER.scrub(huge, 1000);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(out).hasSize(1000);
        assertThat(millis).as("4 MiB scrubbed to a cap of 1000").isLessThan(1000);
    }

    private static String repeat(String unit) {
        StringBuilder b = new StringBuilder(SIZE + unit.length());
        while (b.length() < SIZE) {
            b.append(unit);
        }
        return b.substring(0, SIZE);
    }

    /** The fastest of five runs (the first ones compile), scrubbing without a cap. */
    private static long bestOf(String input) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            SCRUBBER.scrub(input, Integer.MAX_VALUE - Scrubber.MATCH_REACH - 1);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }
}
