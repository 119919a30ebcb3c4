package dev.candor.telemetry.internal;

import dev.candor.common.Scrubber;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work that costs a fresh JVM tens of milliseconds of CPU (host detection, compiling the scrubber's
 * patterns, loading the JSON, hashing and HTTP classes) started on a daemon thread as soon as the tool
 * builds its telemetry, so it overlaps the tool's own start-up instead of delaying its exit. It has no
 * effect outside memory: nothing is written and nothing is sent here.
 */
public final class EarlyStart {
    private final FutureTask<Result> task;
    private final java.util.concurrent.atomic.AtomicBoolean workerClaimed =
            new java.util.concurrent.atomic.AtomicBoolean();

    private EarlyStart(TelemetryConfig config, Path hostRoot, java.util.concurrent.Callable<DeliveryWorker> delivery) {
        this.task = new FutureTask<>(new java.util.concurrent.Callable<Result>() {
            @Override
            public Result call() throws Exception {
                Result r = compute(config, hostRoot);
                return delivery == null ? r : new Result(r.host(), r.scrubber(), r.workingDirectory(), delivery.call());
            }
        });
    }

    /**
     * Starts the work in the background when a run is likely to collect; otherwise it runs on demand.
     * With {@code delivery}, the same thread then sends what earlier runs queued, so that a short
     * command's whole lifetime is available for it, not only the part after its arguments are parsed.
     */
    public static EarlyStart start(
            TelemetryConfig config,
            Path hostRoot,
            boolean likelyToCollect,
            java.util.concurrent.Callable<DeliveryWorker> delivery) {
        EarlyStart early = new EarlyStart(config, hostRoot, likelyToCollect ? delivery : null);
        if (likelyToCollect) {
            try {
                Thread t = new Thread(
                        new Runnable() {
                            @Override
                            public void run() {
                                early.task.run();
                                try {
                                    DeliveryWorker w = early.task.get().worker();
                                    if (w != null) {
                                        // It stops once the queue is sent, unless a run adopts it first: a
                                        // Telemetry whose run never begins must not leave a sender behind.
                                        w.stopWhenIdle();
                                        w.runInline();
                                    }
                                } catch (Exception e) {
                                    Log.fine("early delivery did not start", e);
                                }
                            }
                        },
                        "candor-telemetry-start");
                t.setDaemon(true);
                t.start();
            } catch (RuntimeException | Error e) {
                // Without a thread the work simply runs when first needed.
            }
        }
        return early;
    }

    /** The result, computing it on the calling thread if the background thread never ran. */
    public Result get() throws ExecutionException, InterruptedException {
        task.run();
        return task.get();
    }

    private static Result compute(TelemetryConfig config, Path hostRoot) {
        HostFacts host = HostFacts.detect(config.environment(), config.systemProperties(), hostRoot);
        String cwd = config.workingDirectory().toAbsolutePath().normalize().toString();
        Scrubber scrubber = Scrubber.withLocalPaths(List.of(
                cwd,
                config.systemProperties().getOrDefault("user.home", ""),
                config.systemProperties().getOrDefault("java.io.tmpdir", "")));
        return new Result(host, scrubber, cwd, null);
    }

    /**
     * The early sender, for the first run that sends remotely; null when there is none or another run
     * already took it.
     */
    public DeliveryWorker claimWorker() throws ExecutionException, InterruptedException {
        DeliveryWorker w = get().worker();
        return w != null && workerClaimed.compareAndSet(false, true) ? w : null;
    }

    /** What the early start found, and the early sender if one was started. */
    public record Result(HostFacts host, Scrubber scrubber, String workingDirectory, DeliveryWorker worker) {}
}
