package dev.candor.collector.server;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.store.journal.IngestJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's scheduled work, on one daemon thread: hourly compaction of the daily aggregate,
 * daily retention of raw events, and (when configured) publishing each tool's last quarter once it
 * has ended. Store changes go through the journal, so they run in order with ingest and never beside
 * a commit; retention deletes events, so it also deletes the journal segments that held them.
 */
final class Maintenance implements AutoCloseable, Metrics.Source {
    /** One job's last run, for {@code /metrics}. */
    private static final class Job {
        final String name;
        volatile long lastRunEpochMillis;
        volatile boolean lastOk = true;
        final java.util.concurrent.atomic.LongAdder failures = new java.util.concurrent.atomic.LongAdder();

        Job(String name) {
            this.name = name;
        }

        void ran(boolean ok, Clock clock) {
            lastRunEpochMillis = clock.millis();
            lastOk = ok;
            if (!ok) {
                failures.increment();
            }
        }
    }

    private final Job retentionJob = new Job("retention");
    private final Job compactionJob = new Job("aggregate");
    private final Job publishJob = new Job("publish");

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "candor-maintenance");
        t.setDaemon(true);
        return t;
    });
    private final IngestJournal journal;
    private final Backend backend;
    private final ToolRegistry tools;
    private final Clock clock;
    private final int retentionDays;
    private final boolean autoPublish;
    private final int autoPublishDelayDays;
    private final int k;
    private final dev.candor.collector.publish.Period period;
    private final Path publishedDir;

    Maintenance(
            IngestJournal journal,
            Backend backend,
            ToolRegistry tools,
            Clock clock,
            int retentionDays,
            boolean autoPublish,
            int autoPublishDelayDays,
            int k,
            dev.candor.collector.publish.Period period,
            Path publishedDir) {
        this.journal = journal;
        this.backend = backend;
        this.tools = tools;
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.autoPublish = autoPublish;
        this.autoPublishDelayDays = autoPublishDelayDays;
        this.k = k;
        this.period = period;
        this.publishedDir = publishedDir;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::retention, 1, 24 * 60, TimeUnit.MINUTES);
        timer.scheduleWithFixedDelay(this::compaction, 60, 60, TimeUnit.MINUTES);
        if (autoPublish) {
            timer.scheduleWithFixedDelay(this::autoPublish, 2, 6 * 60, TimeUnit.MINUTES);
        }
    }

    void retention() {
        LocalDate cutoff = LocalDate.now(clock).minusDays(retentionDays);
        try {
            long deleted =
                    journal.runDeleting(s -> s.deleteRawBefore(cutoff, false)).get();
            LOG.info("retention deleted_raw_events={} before={} retention_days={}", deleted, cutoff, retentionDays);
            retentionJob.ran(true, clock);
        } catch (Exception e) {
            LOG.error("retention failed: {}", e.getClass().getSimpleName());
            retentionJob.ran(false, clock);
        }
    }

    void compaction() {
        try {
            long rows = journal.run(s -> s.compactUsage()).get();
            LOG.info("daily_usage compacted rows={}", rows);
            compactionJob.ran(true, clock);
        } catch (Exception e) {
            LOG.error("compaction failed: {}", e.getClass().getSimpleName());
            compactionJob.ran(false, clock);
        }
    }

    /** Whether the quarter's file exists and was written after the quarter ended (so it is complete). */
    static boolean publishedAfterTheEnd(java.nio.file.Path file, Quarter quarter) {
        try {
            return Files.getLastModifiedTime(file)
                    .toInstant()
                    .isAfter(quarter.lastDay()
                            .plusDays(1)
                            .atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant());
        } catch (java.io.IOException e) {
            return false; // missing or unreadable: publish it
        }
    }

    /** Publishes the previous quarter of every tool once it ended {@code autoPublishDelayDays} ago, if not done. */
    void autoPublish() {
        LocalDate today = LocalDate.now(clock);
        Quarter last = Quarter.of(today).previous();
        if (today.isBefore(last.lastDay().plusDays(1 + autoPublishDelayDays))) {
            return;
        }
        boolean ok = true;
        boolean ran = false;
        for (ToolRegistry.Tool tool : tools.tools()) {
            if (publishedAfterTheEnd(publishedDir.resolve(last.fileName(tool.id())), last)) {
                continue; // a file forced out before the quarter ended is replaced by the real one
            }
            try {
                PublishReport r =
                        backend.publish(tool.id(), last, k, period, publishedDir, QuarterlyPublisher.Progress.NONE);
                LOG.info("auto-publish {}", r.counts());
                ran = true;
            } catch (Exception e) {
                ok = false;
                ran = true;
                LOG.error(
                        "auto-publish of {} {} failed: {}",
                        tool.id(),
                        last,
                        e.getClass().getSimpleName());
            }
        }
        if (ran) {
            publishJob.ran(ok, clock);
        }
    }

    /** When each job last ran (0: not yet since the start), whether that run succeeded, and its failures. */
    @Override
    public void writeTo(Metrics.Exposition out) {
        perJob(
                out,
                "candor_maintenance_last_run_timestamp_seconds",
                "gauge",
                "When the collector's own job last ran (0: not since the start)",
                j -> j.lastRunEpochMillis / 1000);
        perJob(
                out,
                "candor_maintenance_last_run_ok",
                "gauge",
                "1 when the job's last run succeeded (or it has not run), 0 when it failed",
                j -> j.lastOk ? 1 : 0);
        perJob(
                out,
                "candor_maintenance_failures_total",
                "counter",
                "Failed runs of the collector's own jobs",
                j -> j.failures.sum());
    }

    private void perJob(
            Metrics.Exposition out,
            String name,
            String type,
            String help,
            java.util.function.ToLongFunction<Job> value) {
        Job[] jobs = {retentionJob, compactionJob, publishJob};
        for (int i = 0; i < jobs.length; i++) {
            out.labelled(
                    name,
                    i == 0 ? type : null,
                    i == 0 ? help : null,
                    "job=\"" + jobs[i].name + "\"",
                    value.applyAsLong(jobs[i]));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
