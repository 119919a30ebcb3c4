package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    /** The old check-then-count let parallel guesses all pass the check before any was counted. */
    @Test
    void parallelGuessesFromOneNetworkGetNoMoreTriesThanTheLimit() throws Exception {
        LoginThrottle throttle = new LoginThrottle(clock);
        int threads = 64;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger allowed = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (throttle.tryAttempt("198.51.100.0") == 0) {
                    allowed.incrementAndGet();
                }
            });
            t.start();
            all.add(t);
        }
        for (Thread t : all) {
            t.join();
        }
        assertThat(allowed.get()).isEqualTo(LoginThrottle.MAX_FAILURES);
        assertThat(throttle.tryAttempt("198.51.100.0")).as("seconds to wait").isPositive();
        assertThat(throttle.tryAttempt("203.0.113.0")).as("another network").isZero();
    }

    @Test
    void aSuccessClearsTheNetworksCount() {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.tryAttempt("198.51.100.0");
        }
        throttle.succeeded("198.51.100.0");
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.tryAttempt("198.51.100.0")).isZero();
        }
        assertThat(throttle.tryAttempt("198.51.100.0")).isPositive();
    }
}
