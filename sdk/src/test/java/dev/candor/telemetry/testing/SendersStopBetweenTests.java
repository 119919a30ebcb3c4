package dev.candor.telemetry.testing;

import dev.candor.telemetry.internal.DeliveryWorker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (sdk, picocli, forge) by auto-detection: after each test, waits for the
 * SDK's senders to stop. One test's sender must not outlive its temp folder, or it would still hold the
 * sender lock when a later test's new lock file reuses the same inode, and that test would not send.
 */
public final class SendersStopBetweenTests implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!DeliveryWorker.awaitAllStopped(15, TimeUnit.SECONDS)) {
            throw new AssertionError("a telemetry sender was still running 15 s after the test");
        }
    }
}
