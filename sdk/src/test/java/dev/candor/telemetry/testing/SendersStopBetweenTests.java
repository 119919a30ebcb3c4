package dev.candor.telemetry.testing;

import dev.candor.telemetry.internal.DeliveryWorker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (sdk, picocli, forge) by auto-detection: after each test, waits for the
 * SDK's background threads and senders to stop. One test's sender must not outlive its temp folder, or
 * it would still hold the sender lock when a later test's new lock file reuses the same inode, and that
 * test would not send; and a start-up thread that creates its sender only after the test ended would
 * still write into the temp folder while JUnit deletes it (seen once in CI).
 */
public final class SendersStopBetweenTests implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("candor-telemetry") && t != Thread.currentThread()) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    throw new AssertionError(
                            "the telemetry thread " + t.getName() + " was still running 15 s after the test");
                }
            }
        }
        if (!DeliveryWorker.awaitAllStopped(15, TimeUnit.SECONDS)) {
            throw new AssertionError("a telemetry sender was still running 15 s after the test");
        }
    }
}
