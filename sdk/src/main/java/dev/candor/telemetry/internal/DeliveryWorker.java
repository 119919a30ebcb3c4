package dev.candor.telemetry.internal;

import dev.candor.telemetry.TelemetryLevel;
import java.nio.channels.FileLock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one background sender of a run: a daemon thread that holds the spool's sender lock, sends what
 * is queued while the tool works, then what the run adds at its end. The tool waits for it only within
 * a small budget and only when waiting can help: not when the collector just failed, nor when a request
 * started earlier is still hanging (a black-holed endpoint), since then the run's events simply stay
 * queued for a later run.
 */
public final class DeliveryWorker {
    private static final int MAX_ATTEMPTS_PER_RUN = 3;
    private static final java.util.Set<DeliveryWorker> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long UNANSWERED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 512 * 1024;

    private final SpoolQueue spool;
    private final OtlpHttpSender sender;
    private final TraceLog trace;
    private final TelemetryLevel level;
    private final Clock clock;
    private final EndpointHealth endpointHealth;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean finished;
    private boolean idle;
    private long wakeups;
    private long idleSince = -1;
    private long inFlightSinceNanos;
    private Health health = Health.UNKNOWN;

    public DeliveryWorker(SpoolQueue spool, OtlpHttpSender sender, TraceLog trace, TelemetryLevel level, Clock clock) {
        this.spool = spool;
        this.sender = sender;
        this.trace = trace;
        this.level = level;
        this.clock = clock;
        this.endpointHealth = new EndpointHealth(spool.dir(), clock);
    }

    /** The level this sender sends at: it sends only files collected at or below it. */
    public TelemetryLevel level() {
        return level;
    }

    /** Runs the delivery loop on the calling thread: the start-up thread, or the run's background thread. */
    public void runInline() {
        run();
    }

    /**
     * At the end of a run: waits up to {@code budgetNanos} for what was just queued to be sent, when
     * waiting can help. Returns true when everything queued was sent.
     */
    public boolean finish(long budgetNanos) {
        boolean sent = false;
        try {
            // With no budget nothing is started: a request begun now would only be cut off at exit.
            sent = budgetNanos > 0 && awaitSent(budgetNanos);
            return sent;
        } finally {
            if (!sent) {
                abandon();
            }
        }
    }

    private boolean awaitSent(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        lock.lock();
        try {
            if (finished || health == Health.FAILING) {
                return false;
            }
            if (inFlightSinceNanos != 0 && System.nanoTime() - inFlightSinceNanos > STALLED_NANOS) {
                // A request has been open for long: the collector is slow or unreachable, and waiting
                // would only add its delay to the tool's. A younger one (the usual case in a short run,
                // whose first request starts just before it ends) is worth the budget.
                return false;
            }
            finishing = true;
            wakeups++;
            idle = false;
            changed.signalAll();
            long target = wakeups;
            while (!finished && !(idle && idleSince >= target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return idle && health == Health.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The run ends without waiting: an open request is closed so the JVM exits at once, and the sender
     * stops. Whether that counts against the collector depends on how long the request had been waiting
     * for its answer: a collector that has not answered a written request in a tenth of a second is
     * treated as failing (a black hole), one still being connected to or written to is not.
     */
    private void abandon() {
        boolean inFlight;
        lock.lock();
        try {
            abandoning = true;
            inFlight = inFlightSinceNanos != 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (inFlight) {
            if (sender.writtenAgoNanos() < UNANSWERED_NANOS) {
                endpointHealth.restore();
            }
            sender.abort();
        }
    }

    /** Waits for the worker to stop entirely (tests and {@code telemetry flush}). */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            while (!finished) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes back a stop request, for a run that adopts this sender: false when it is already ending.
     */
    public boolean keepRunning() {
        lock.lock();
        try {
            if (finished || stopping) {
                return false;
            }
            stopAfter = Long.MAX_VALUE;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the worker to stop once it has sent everything queued up to now. It counts as a wake-up, so
     * the worker scans the queue once more after the request: a file added just before is never missed.
     */
    public void stopWhenIdle() {
        lock.lock();
        try {
            wakeups++;
            idle = false;
            stopAfter = wakeups;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long stopAfter = Long.MAX_VALUE;
    private boolean finishing;
    private boolean abandoning;
    private boolean stopping;

    private void run() {
        Optional<FileLock> senderLock = Optional.empty();
        RUNNING.add(this);
        try {
            senderLock = spool.tryLockSender();
            if (senderLock.isEmpty()) {
                return;
            }
            if (!endpointHealth.mayTry()) {
                return;
            }
            OtlpHttpSender.warmUp();
            int failures = 0;
            while (true) {
                if (spool.notBefore() > clock.millis()) {
                    setHealth(Health.FAILING, false);
                    return;
                }
                long scanned = wakeups();
                List<SpoolQueue.Entry> batch = spool.pending(level, BATCH_FILES, BATCH_BYTES);
                if (batch.isEmpty()) {
                    if (!waitForWork(scanned)) {
                        return;
                    }
                    continue;
                }
                List<String> payloads = new ArrayList<>(batch.size());
                for (SpoolQueue.Entry e : batch) {
                    payloads.add(e.payload());
                }
                if (isAbandoning()) {
                    return;
                }
                recordAttempt();
                setInFlight(true);
                OtlpHttpSender.Outcome outcome = sender.post(OtlpJson.request(payloads));
                setInFlight(false);
                if (isAbandoning() && outcome.kind() == OtlpHttpSender.Kind.RETRY) {
                    // Cut off by the end of the run, not by the collector: abandon() judged it already.
                    return;
                }
                switch (outcome.kind()) {
                    case DELIVERED:
                        spool.remove(batch);
                        trace.appendSent(payloads, clock.instant());
                        failures = 0;
                        setHealth(Health.OK, true);
                        if (outcome.refusedRecords() > 0) {
                            record("the collector refused " + outcome.refusedRecords() + " event(s)", outcome);
                        }
                        break;
                    case REJECTED:
                        // Not retryable per OTLP (400, 401, 413 ...): sending it again would fail again.
                        spool.remove(batch);
                        record(
                                "the collector rejected " + batch.size() + " file(s) with HTTP " + outcome.status(),
                                outcome);
                        setHealth(Health.OK, true);
                        break;
                    default:
                        failures++;
                        setHealth(Health.FAILING, true);
                        if (outcome.retryAfterMillis() > 0) {
                            spool.setNotBefore(clock.millis() + outcome.retryAfterMillis());
                        }
                        long backoff = backoffNanos(failures, outcome.retryAfterMillis());
                        // A long Retry-After is left to a later run (it is on disk): this one must not hold
                        // the sender lock while it waits.
                        if (failures >= MAX_ATTEMPTS_PER_RUN || backoff > MAX_PAUSE_NANOS || !pause(backoff)) {
                            return;
                        }
                }
            }
        } catch (Throwable e) {
            Log.fine("telemetry delivery stopped", e);
        } finally {
            if (senderLock.isPresent()) {
                try {
                    senderLock.get().release();
                    senderLock.get().channel().close();
                } catch (Exception ignored) {
                    // The OS releases the lock when the process ends.
                }
            }
            markFinished();
        }
    }

    /** A refusal, in {@code uploads.log} beside the uploaders' lines, so {@code telemetry status} shows it. */
    private void record(String what, OtlpHttpSender.Outcome outcome) {
        String said = outcome.collectorMessage();
        String line = clock.instant() + " run: " + what + (said.isEmpty() ? "" : "; the collector said: " + said);
        Log.fine(line);
        new UploadLog(spool.dir().getParent()).append(line);
    }

    /** Jittered exponential backoff (100 ms, 200 ms, 400 ms ... ±50%), or the collector's Retry-After when longer. */
    static long backoffNanos(int attempt, long retryAfterMillis) {
        long base = 100L << Math.min(attempt - 1, 6);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
        return TimeUnit.MILLISECONDS.toNanos(Math.max(jittered, retryAfterMillis));
    }

    private boolean isAbandoning() {
        lock.lock();
        try {
            return abandoning;
        } finally {
            lock.unlock();
        }
    }

    private long wakeups() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Idle after a scan that began at wake-up {@code scanned} found nothing: waits for a new wake-up,
     * or ends when the run asked to stop before that scan began (so its last file was seen).
     */
    private boolean waitForWork(long scanned) throws InterruptedException {
        lock.lock();
        try {
            idle = true;
            idleSince = scanned;
            changed.signalAll();
            while (true) {
                if (abandoning) {
                    return false;
                }
                if (wakeups != scanned) {
                    return true;
                }
                if (scanned >= stopAfter) {
                    stopping = true;
                    return false;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean pause(long nanos) throws InterruptedException {
        lock.lock();
        try {
            // Bounded by MAX_PAUSE_NANOS; a stop request still lets the retry happen.
            long left = nanos;
            while (left > 0) {
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void setInFlight(boolean on) {
        lock.lock();
        try {
            inFlightSinceNanos = on ? System.nanoTime() | 1 : 0;
        } finally {
            lock.unlock();
        }
    }

    /** This run's view of the collector; with {@code persist}, also the hint for later runs. */
    private void setHealth(Health h, boolean persist) {
        lock.lock();
        try {
            health = h;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (persist) {
            if (h == Health.OK) {
                endpointHealth.succeeded();
            } else {
                endpointHealth.failed();
            }
        }
    }

    /** Marks the collector failing until it answers, for requests made while the command runs. */
    private void recordAttempt() {
        boolean duringTheRun;
        lock.lock();
        try {
            duringTheRun = !finishing;
        } finally {
            lock.unlock();
        }
        // A request begun at the run's end and cut off by its exit budget says nothing about the collector.
        if (duringTheRun) {
            endpointHealth.attempting();
        }
    }

    private void markFinished() {
        lock.lock();
        try {
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        RUNNING.remove(this);
    }

    /**
     * Waits until every sender in this JVM has stopped. A process that ends needs none of this; a host
     * that lives on (a daemon, a test suite that deletes state folders) uses it so that no sender still
     * holds a lock on a file it is about to delete.
     */
    public static boolean awaitAllStopped(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (DeliveryWorker w : RUNNING.toArray(new DeliveryWorker[0])) {
            if (!w.awaitStopped(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    private enum Health {
        UNKNOWN,
        OK,
        FAILING
    }
}
