package dev.candor.collector.dashboard;

import dev.candor.collector.store.StoreException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the dashboard's rollup up to date on a thread of its own: at once (a start over an existing
 * store), then one bounded step (at most 16 days) at a time, {@link #PAUSE_SECONDS} apart, or ten
 * times as long as the step took when that was long, so that catching up after a backfill or on a
 * first start over a large store takes at most about a tenth of the machine from ingest (measured:
 * recomputing every changed day at once during the demo's backfill made its ingest 46 % slower).
 */
final class RollupRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(RollupRefresher.class);
    private static final long PAUSE_SECONDS = 5;

    private final DashboardData data;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "candor-dashboard-rollup");
        t.setDaemon(true);
        return t;
    });

    RollupRefresher(DashboardData data) {
        this.data = data;
    }

    void start() {
        thread.execute(this::step);
    }

    private void step() {
        long start = System.nanoTime();
        try {
            data.refreshStep();
        } catch (StoreException | RuntimeException e) {
            LOG.warn("dashboard rollup refresh failed: {}", DashboardData.QueryFailed.kind(e));
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        try {
            thread.schedule(this::step, Math.max(PAUSE_SECONDS * 1000, 10 * tookMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the dashboard is stopping
        }
    }

    /** Stops, and waits for a step in progress: it uses the store, which closes after the dashboard. */
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(30, TimeUnit.SECONDS);
    }
}
