package dev.candor.collector.publish;

import dev.candor.collector.store.StoreException;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Where publishing reads a quarter of the daily aggregate from: the embedded store's SQL or
 * ClickHouse's. Both see the aggregate as the {@code daily_combinations} of the embedded store:
 * per day and combination of the six published dimensions, occurrences and distinct machines.
 * Generalization and the file format stay in one place ({@link QuarterlyPublisher}).
 */
public interface UsageSource {
    /** One machine's occurrences in a combination that has fewer than k machines. */
    @FunctionalInterface
    interface SmallGroupSink {
        /**
         * @param dims command, geography, OS family, runtime id, OS version, tool version
         * @param machineId null for events without a machine id (never counted as a machine)
         */
        void accept(LocalDate day, String[] dims, String machineId, long occurrences);
    }

    /**
     * Reads the {@code cli.command} rows of {@code tool} in {@code quarter}: each combination with at
     * least k distinct machines to {@code large}, and for the others, one call per machine to {@code small}.
     */
    void read(String tool, Quarter quarter, int k, Consumer<UsageRow> large, SmallGroupSink small)
            throws StoreException;

    /**
     * Brings the quarter's aggregate up to date before it is read. Nothing to do where the aggregate is
     * kept as events arrive (the embedded store); ClickHouse computes it from the raw events.
     */
    default void catchUp(Quarter quarter) throws StoreException {}
}
