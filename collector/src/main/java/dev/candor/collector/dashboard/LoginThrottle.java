package dev.candor.collector.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per client network (/24 or /48): after {@link #MAX_FAILURES} in one
 * {@link #WINDOW}, that network waits for the window to end. A generated token cannot be guessed
 * anyway; this protects a short configured one, and keeps the login form from being a free oracle.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_NETWORKS = 100_000;

    private record Window(long startMillis, int failures) {}

    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one attempt for this network, atomically: 0 when it may try now (the attempt counts as a
     * failure until {@link #succeeded} says otherwise), else the seconds to wait. Checking and counting
     * apart let parallel guesses all pass the check before any was counted.
     */
    long tryAttempt(String network) {
        long now = clock.millis();
        if (failures.size() > MAX_NETWORKS) {
            failures.values().removeIf(w -> now - w.startMillis() >= WINDOW.toMillis());
        }
        long[] wait = {0};
        failures.compute(network, (k, w) -> {
            if (w == null || now - w.startMillis() >= WINDOW.toMillis()) {
                return new Window(now, 1);
            }
            if (w.failures() >= MAX_FAILURES) {
                wait[0] = Math.max(1, (w.startMillis() + WINDOW.toMillis() - now + 999) / 1000);
                return w;
            }
            return new Window(w.startMillis(), w.failures() + 1);
        });
        return wait[0];
    }

    void succeeded(String network) {
        failures.remove(network);
    }
}
