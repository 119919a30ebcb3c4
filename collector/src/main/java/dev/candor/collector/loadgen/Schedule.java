package dev.candor.collector.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands out requests to the senders: request {@code n} is due at {@code start + n × interval} when
 * paced (open loop: a late request is still measured from when it was due, so a slow collector
 * cannot hide its delay by slowing the generator down), or at once when not. Thread-safe.
 */
final class Schedule {
    private final AtomicLong next = new AtomicLong();
    private final long startNanos;
    private final double intervalNanos;
    private final long endNanos;
    private final long totalEvents;
    private final int batch;

    Schedule(LoadPlan plan, long startNanos) {
        this.startNanos = startNanos;
        this.intervalNanos = plan.eventsPerSecond() == 0 ? 0 : plan.batch() * 1e9 / plan.eventsPerSecond();
        this.endNanos = plan.events() > 0
                ? Long.MAX_VALUE
                : startNanos + plan.duration().toNanos();
        this.totalEvents = plan.events();
        this.batch = plan.batch();
    }

    long startNanos() {
        return startNanos;
    }

    /** The next request's number, or -1 when the run is over. */
    long take() {
        long n = next.getAndIncrement();
        if (totalEvents > 0 && n * batch >= totalEvents) {
            return -1;
        }
        long due = intervalNanos == 0 ? System.nanoTime() : dueNanos(n);
        return due - endNanos >= 0 ? -1 : n;
    }

    int events(long n) {
        return events(totalEvents, batch, n);
    }

    /** How many events request {@code n} of the plan holds: a full batch, except maybe the last. */
    static int events(LoadPlan plan, long n) {
        return events(plan.events(), plan.batch(), n);
    }

    private static int events(long totalEvents, int batch, long n) {
        return totalEvents > 0 ? (int) Math.min(batch, totalEvents - n * batch) : batch;
    }

    boolean paced() {
        return intervalNanos > 0;
    }

    long dueNanos(long n) {
        return startNanos + (long) (n * intervalNanos);
    }

    /** Sleeps until the request is due; returns at once when it is late. */
    static void waitUntil(long dueNanos) {
        long left;
        while ((left = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
