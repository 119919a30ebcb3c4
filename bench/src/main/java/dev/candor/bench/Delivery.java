package dev.candor.bench;

import java.util.List;

/** What the delivery check found for one scenario. */
record Delivery(int generated, int delivered, long recordsReceived, long requests, int extraRuns,
        int spoolFilesLeft, int queuedNotDelivered, int queuedAlreadyDelivered, SpoolStats spoolBeforeRecovery,
        int generatedBeforeRecovery, String healthBeforeRecovery, int healthResets, List<String> notes) {
    double percent() {
        return generated == 0 ? 100.0 : 100.0 * delivered / generated;
    }

    /** Neither received nor still queued: dropped by the cap, or lost. */
    int lost() {
        return Math.max(0, generated - delivered - queuedNotDelivered);
    }
}
