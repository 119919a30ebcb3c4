package dev.candor.collector.server;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.catalog.ToolRegistry;
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
final class Maintenance implements AutoCloseable {
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
            Path publishedDir) {
        this.journal = journal;
        this.backend = backend;
        this.tools = tools;
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.autoPublish = autoPublish;
        this.autoPublishDelayDays = autoPublishDelayDays;
        this.k = k;
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
        } catch (Exception e) {
            LOG.error("retention failed: {}", e.getClass().getSimpleName());
        }
    }

    void compaction() {
        try {
            long rows = journal.run(s -> s.compactUsage()).get();
            LOG.info("daily_usage compacted rows={}", rows);
        } catch (Exception e) {
            LOG.error("compaction failed: {}", e.getClass().getSimpleName());
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
        for (ToolRegistry.Tool tool : tools.tools()) {
            if (publishedAfterTheEnd(publishedDir.resolve(last.fileName(tool.id())), last)) {
                continue; // a file forced out before the quarter ended is replaced by the real one
            }
            try {
                PublishReport r = backend.publish(tool.id(), last, k, publishedDir, QuarterlyPublisher.Progress.NONE);
                LOG.info("auto-publish {}", r.summary());
            } catch (Exception e) {
                LOG.error(
                        "auto-publish of {} {} failed: {}",
                        tool.id(),
                        last,
                        e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
