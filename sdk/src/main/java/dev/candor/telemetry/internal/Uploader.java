package dev.candor.telemetry.internal;

import dev.candor.common.TrustedCertificates;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * The detached uploader: a small JVM of its own that a tool's run starts (see {@link UploaderStart}) so
 * that what the run queued reaches the collector without the tool waiting for the network, and without
 * a later run. It holds the spool's sender lock for its whole life, so only one sends per state folder;
 * waits for the run that started it to exit and for a short batching window (runs of a busy minute share
 * one upload); sends everything queued; and ends when the queue is empty, at the latest
 * {@link #LIFETIME} after it started. Only a 2xx or a rejection (4xx other than 429) removes a file, so an
 * uploader killed at any moment loses nothing; the collector keeps each {@code log.record.uid} once.
 *
 * <p>Nothing it does reaches the user: its output goes to {@code /dev/null}, and what happened is one line
 * in {@code uploads.log} in the state folder ({@link UploadLog}).
 */
public final class Uploader {
    /** Everything, waiting and retries included, ends by then; a watchdog halts the JVM a little after. */
    static final Duration LIFETIME = Duration.ofSeconds(45);

    private static final long HALT_AFTER_MILLIS = LIFETIME.toMillis() + 15_000;
    private static final long POLL_MILLIS = 200;
    private static final long WAIT_POLL_MILLIS = 500;
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 512 * 1024;

    private final Path stateDir;
    private final long parentPid;
    private final String runMarker;
    private final Clock clock = Clock.systemUTC();
    private final long deadlineNanos;
    private final long startedNanos = System.nanoTime();
    private int sentEvents;
    private int sentFiles;
    private int requests;
    private int rejectedFiles;
    private long refusedEvents;
    private String lastRefusal = "";
    private int failures;
    private int lastStatus;
    private String lastFailure = "";

    private Uploader(Path stateDir, long parentPid, String runMarker) {
        this.stateDir = stateDir;
        this.parentPid = parentPid;
        this.runMarker = runMarker;
        this.deadlineNanos = startedNanos + LIFETIME.toNanos();
    }

    /**
     * {@code Uploader <state folder> <pid of the process that started it> <run marker or ->}; silent; exits
     * 0 after a successful upload and 2 otherwise (3 from the watchdog), which decides whether a first
     * uploader's class archive is kept (see {@link UploaderClasses}). The marker is a file in the spool that the starting run deletes once its own events
     * are queued; the uploader waits for that (or for that process to end) before its batching window.
     */
    public static void main(String[] args) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(HALT_AFTER_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Runtime.getRuntime().halt(3);
                },
                "candor-uploader-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        boolean delivered = false;
        try {
            if (args.length == 3) {
                Uploader u = new Uploader(Path.of(args[0]), Long.parseLong(args[1]), args[2]);
                u.run();
                delivered = u.lastStatus / 100 == 2;
            }
        } catch (Throwable e) {
            Log.fine("the uploader stopped", e);
        }
        if (delivered) {
            System.exit(0); // a first uploader's JVM writes its class archive now (UploaderClasses)
        }
        Runtime.getRuntime().halt(2); // no archive from a run that never reached the collector
    }

    private void run() throws InterruptedException, IOException {
        Path spoolDir = stateDir.resolve("spool");
        // Started: from here on the sender lock tells (this one's or the running uploader's); a stamp left
        // would only delay the next start, or look like a start that never got going (UploaderClasses).
        Files.deleteIfExists(spoolDir.resolve(UploaderStart.STAMP));
        Optional<UploaderSettings> read = UploaderSettings.read(spoolDir);
        if (read.isEmpty()) {
            return;
        }
        UploaderSettings s = read.get();
        for (Map.Entry<String, String> p : s.jvmProperties().entrySet()) {
            System.setProperty(p.getKey(), p.getValue());
        }
        SpoolQueue spool =
                new SpoolQueue(spoolDir, s.spoolMaxBytes(), s.spoolMaxFiles(), 30L * 24 * 3600 * 1000, clock);
        Optional<FileLock> lock = spool.tryLockSender();
        if (lock.isEmpty()) {
            return; // another uploader sends; it rescans the queue before it ends
        }
        String outcome = "queue empty";
        try {
            deleteStaleRunMarkers(spoolDir);
            awaitStartingRun(spoolDir);
            awaitBatch(spool, startedNanos + TimeUnit.MILLISECONDS.toNanos(s.batchDelayMillis()));
            SSLSocketFactory tls = null;
            if (s.caFile().isPresent()) {
                try {
                    tls = TrustedCertificates.withExtra(s.caFile().get());
                } catch (IOException e) {
                    lastFailure = "CA file unusable";
                }
            }
            OtlpHttpSender sender = new OtlpHttpSender(s.endpoint(), s.ingestKey(), s.proxy(), 5000, 10_000, tls);
            EndpointHealth health = new EndpointHealth(spoolDir, clock);
            health.mayTry(); // reads the failures in a row so far, which set the next runs' backoff
            TraceLog trace = new TraceLog(stateDir, 256 * 1024);
            while (true) {
                outcome = deliverAll(spool, s, sender, health, trace);
                if (!outcome.equals("queue empty")) {
                    break;
                }
                // A run that queued a file after the last scan saw this uploader's lock and started none:
                // release, look once more, and go on if something came.
                release(lock.get());
                lock = Optional.empty();
                if (spool.pending(s.level(), 1, BATCH_BYTES).isEmpty() || System.nanoTime() > deadlineNanos) {
                    break;
                }
                lock = spool.tryLockSender();
                if (lock.isEmpty()) {
                    break;
                }
            }
        } finally {
            lock.ifPresent(Uploader::release);
            new UploadLog(stateDir).append(summary(outcome));
        }
    }

    /** Markers of runs that were killed before they could delete theirs (an hour is far past any run's start). */
    private void deleteStaleRunMarkers(Path spoolDir) {
        try (java.nio.file.DirectoryStream<Path> markers = Files.newDirectoryStream(spoolDir, ".run-*")) {
            for (Path m : markers) {
                if (!m.getFileName().toString().equals(runMarker)
                        && System.currentTimeMillis()
                                        - Files.getLastModifiedTime(m).toMillis()
                                > 3_600_000L) {
                    Files.deleteIfExists(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Empty files; the next uploader tries again.
        }
    }

    /**
     * Until the run that started this uploader has queued its events (it deletes its marker then), or its
     * process has ended without doing so (killed).
     */
    private void awaitStartingRun(Path spoolDir) throws InterruptedException {
        if (!UploaderStart.isRunMarker(runMarker)) {
            return;
        }
        Path marker = spoolDir.resolve(runMarker);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        while (Files.exists(marker)
                && parent.isPresent()
                && parent.get().isAlive()
                && System.nanoTime() < deadlineNanos) {
            Thread.sleep(POLL_MILLIS);
        }
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            // A stale marker only makes a later uploader of this process wait for nothing.
        }
    }

    /**
     * Until the batching window has passed, or enough is queued to send at once. Waiting is most of an
     * uploader's life, so it looks cheaply: one stat of the spool folder every {@link #WAIT_POLL_MILLIS},
     * and a count of the names only when the folder changed (a file system with a coarse clock is
     * counted while its folder time is this second's). Listing and stat'ing every file each 200 ms cost
     * an HTTPS uploader about 90 ms of CPU per 10 s of its window, a fifth of all its work.
     */
    private void awaitBatch(SpoolQueue spool, long untilNanos) throws InterruptedException {
        long end = Math.min(untilNanos, deadlineNanos);
        long seen = Long.MIN_VALUE;
        while (System.nanoTime() < end) {
            long changed = folderTime(spool.dir());
            boolean mayHaveChanged = changed < 0 || changed != seen || System.currentTimeMillis() - changed < 2000;
            if (mayHaveChanged && spool.countQueued() >= BATCH_FILES) {
                return;
            }
            seen = changed;
            Thread.sleep(
                    Math.max(1, Math.min(WAIT_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    private static long folderTime(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toMillis();
        } catch (IOException | RuntimeException e) {
            return -1; // unknown: the count decides
        }
    }

    /** Sends batches until the queue is empty; otherwise says why it stopped. */
    private String deliverAll(
            SpoolQueue spool, UploaderSettings s, OtlpHttpSender sender, EndpointHealth health, TraceLog trace)
            throws InterruptedException {
        int failuresInARow = 0;
        while (true) {
            if (!Files.isRegularFile(spool.dir().resolve(UploaderSettings.FILE))) {
                return "stopped: telemetry was turned off or reset";
            }
            long notBefore = spool.notBefore();
            if (notBefore > clock.millis() && !sleepUntil(notBefore)) {
                return "gave up: the collector asked to wait past this uploader's lifetime";
            }
            List<SpoolQueue.Entry> batch = spool.pending(s.level(), BATCH_FILES, BATCH_BYTES);
            if (batch.isEmpty()) {
                return "queue empty";
            }
            List<String> payloads = new ArrayList<>(batch.size());
            for (SpoolQueue.Entry e : batch) {
                payloads.add(e.payload());
            }
            requests++;
            OtlpHttpSender.Outcome out = sender.post(OtlpJson.request(payloads));
            lastStatus = out.status();
            switch (out.kind()) {
                case DELIVERED -> {
                    spool.remove(batch);
                    trace.appendSent(payloads, clock.instant());
                    sentFiles += batch.size();
                    long refused = out.refusedRecords();
                    sentEvents += Math.max(0, countRecords(payloads) - refused);
                    refusedEvents += refused;
                    if (!out.collectorMessage().isEmpty()) {
                        lastRefusal = out.collectorMessage();
                    }
                    failuresInARow = 0;
                    health.succeeded();
                }
                case REJECTED -> {
                    // Not retryable per OTLP (400, 401, 413 ...): sent again, it would fail again.
                    spool.remove(batch);
                    rejectedFiles += batch.size();
                    if (!out.collectorMessage().isEmpty()) {
                        lastRefusal = out.collectorMessage();
                    }
                    health.succeeded();
                }
                default -> {
                    failures++;
                    failuresInARow++;
                    lastFailure = out.status() < 0 ? out.failure() : "HTTP " + out.status();
                    health.failed();
                    if (out.retryAfterMillis() > 0) {
                        spool.setNotBefore(clock.millis() + out.retryAfterMillis());
                    }
                    long wait = backoffMillis(failuresInARow, out.retryAfterMillis());
                    if (!sleepUntil(clock.millis() + wait)) {
                        return "gave up after " + failures + " failed attempt(s)";
                    }
                }
            }
        }
    }

    /** Jittered exponential backoff (1 s, 2 s, 4 s ... ±50 %), or the collector's Retry-After when longer. */
    static long backoffMillis(int attempt, long retryAfterMillis) {
        long base = 1000L << Math.min(attempt - 1, 5);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
        return Math.max(jittered, retryAfterMillis);
    }

    /** Sleeps until the wall-clock time, unless that is past the lifetime; false then. */
    private boolean sleepUntil(long epochMillis) throws InterruptedException {
        long millis = epochMillis - clock.millis();
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis) > deadlineNanos) {
            return false;
        }
        if (millis > 0) {
            Thread.sleep(millis);
        }
        return true;
    }

    /** Log records in the payloads, by their uid attribute (one per event). */
    private static int countRecords(List<String> payloads) {
        int n = 0;
        for (String p : payloads) {
            for (int i = p.indexOf("\"log.record.uid\""); i >= 0; i = p.indexOf("\"log.record.uid\"", i + 1)) {
                n++;
            }
        }
        return n;
    }

    private String summary(String outcome) {
        long cpuMillis = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
        return Instant.now().toString() + " uploader: " + outcome + "; sent " + sentEvents + " event(s) in " + sentFiles
                + " file(s), " + requests + " request(s), " + rejectedFiles + " file(s) rejected, "
                + (refusedEvents > 0 ? refusedEvents + " event(s) refused by the collector, " : "") + failures
                + " failed attempt(s)"
                + (lastStatus != 0 ? ", last answer " + (lastStatus < 0 ? "none" : "HTTP " + lastStatus) : "")
                + (lastFailure.isEmpty() ? "" : ", last failure " + lastFailure)
                + (lastRefusal.isEmpty() ? "" : ", the collector said: " + lastRefusal)
                + "; cpu_ms=" + cpuMillis + " wall_ms="
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException | RuntimeException e) {
            // The OS releases the lock when the process ends.
        }
    }
}
