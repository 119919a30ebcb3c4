package dev.candor.collector.loadgen;

import java.util.concurrent.atomic.LongAdder;

/** What the senders report as they go, for the once-a-second progress line. */
final class LiveTotals {
    final LongAdder acknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();
}
