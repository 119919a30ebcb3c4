package dev.candor.collector.backend;

import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.publish.Period;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.EventStore;
import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One store and everything read from it: the events (written by one writer), the daily aggregate that
 * publishing reads, the dashboard's numbers, and one machine's rows for its owner. The embedded DuckDB store and ClickHouse each provide
 * one; which one is chosen once, from {@code store} in the config, by {@code server.Backends}.
 */
public interface Backend extends AutoCloseable {
    /** No store at all: a stateless collector (sink kafka) that nothing reads back from. */
    Backend NONE = new Backend() {
        @Override
        public EventStore events() throws StoreException {
            throw new StoreException("this collector has no store (sink kafka)");
        }

        @Override
        public UsageSource usage() {
            return (tool, quarter, k, large, small) -> {
                throw new StoreException("this collector has no store to publish from (sink kafka): publish from"
                        + " ClickHouse with candor publish --store clickhouse");
            };
        }

        @Override
        public DashboardData dashboard() {
            return DashboardData.NONE;
        }

        @Override
        public HeldData.Source held() {
            return (tool, machineId, max) -> {
                throw new StoreException("this collector has no store to read a machine's data from (sink kafka"
                        + " without store clickhouse): give it store clickhouse to answer access requests");
            };
        }

        @Override
        public void close() {}
    };

    /** The store itself, for its one writer: inserts, erasure, retention and the aggregate's upkeep. */
    EventStore events() throws StoreException;

    /** The daily aggregate as publishing reads it; safe to read while the writer writes. */
    UsageSource usage();

    /** The dashboard's numbers; thread-safe. */
    DashboardData dashboard() throws StoreException;

    /** What the store holds for one machine, for the right of access; thread-safe. */
    HeldData.Source held();

    /** Publishes a tool's quarter from {@link #usage()} (see {@link QuarterlyPublisher}). */
    default PublishReport publish(
            String tool, Quarter quarter, int k, Path outDir, QuarterlyPublisher.Progress progress)
            throws StoreException, IOException {
        return publish(tool, quarter, k, Period.DAY, outDir, progress);
    }

    /** Publishes with a row per {@code period} and combination. */
    default PublishReport publish(
            String tool, Quarter quarter, int k, Period period, Path outDir, QuarterlyPublisher.Progress progress)
            throws StoreException, IOException {
        return new QuarterlyPublisher(usage()).publish(tool, quarter, k, period, outDir, progress);
    }

    @Override
    void close();
}
