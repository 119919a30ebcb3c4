package dev.candor.bench;

import java.util.List;

/**
 * What the delivery check found for one scenario.
 *
 * @param secondsToDelivery from the end of the last collecting run until every event was stored, with no
 *     further run (NaN when not within the wait)
 * @param uploaders detached uploaders that ran (lines in uploads.log), and their CPU time in all
 */
record Delivery(
        int generated,
        int delivered,
        long duplicates,
        double secondsToDelivery,
        int spoolFilesLeft,
        long uploaders,
        long uploaderCpuMillis,
        SpoolStats spoolBeforeRecovery,
        String healthBeforeRecovery,
        int recoveryRuns,
        List<String> notes) {
    double percent() {
        return generated == 0 ? 100.0 : 100.0 * delivered / generated;
    }
}
