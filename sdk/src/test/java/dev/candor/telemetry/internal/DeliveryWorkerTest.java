package dev.candor.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryWorkerTest {
    @Test
    void retryBackoffIsJitteredAndHonoursRetryAfter() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            long base = 100L << (attempt - 1);
            for (int i = 0; i < 50; i++) {
                long millis = DeliveryWorker.backoffNanos(attempt, 0) / 1_000_000;
                assertThat(millis).isBetween(base / 2, base + base / 2);
            }
        }
        assertThat(DeliveryWorker.backoffNanos(1, 1500) / 1_000_000).isEqualTo(1500);
    }
}
