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

    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds this network must wait before its next attempt; 0 when it may try now. */
    long waitSeconds(String network) {
        Window w = failures.get(network);
        long now = clock.millis();
        if (w == null || now - w.startMillis() >= WINDOW.toMillis() || w.failures() < MAX_FAILURES) {
            return 0;
        }
        return Math.max(1, (w.startMillis() + WINDOW.toMillis() - now + 999) / 1000);
    }

    void failed(String network) {
        long now = clock.millis();
        if (failures.size() > MAX_NETWORKS) {
            failures.values().removeIf(w -> now - w.startMillis() >= WINDOW.toMillis());
        }
        failures.compute(network, (k, w) -> w == null || now - w.startMillis() >= WINDOW.toMillis()
                ? new Window(now, 1) : new Window(w.startMillis(), w.failures() + 1));
    }

    void succeeded(String network) {
        failures.remove(network);
    }
}
