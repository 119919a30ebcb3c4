package dev.candor.collector.testing;

import java.time.Duration;

/** A bounded wait on a condition of a real system (rows in ClickHouse, records in Kafka): no fixed sleeps. */
public final class Eventually {
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Eventually() {}

    /** Checks every 50 ms until the condition holds; fails with {@code what} after {@code limit}. */
    public static void within(Duration limit, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
