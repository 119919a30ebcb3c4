package dev.candor.collector.ingest;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.server.Metrics;
import dev.candor.collector.store.IngestJournal;

/**
 * What the ingest endpoints share: who may send, how clients are located, limits, the journal, and
 * the executor that sends answers once the journal has the batch on disk (so the journal thread never
 * waits on a socket).
 */
public record IngestContext(ToolRegistry tools, ClientAddress clientAddress, CountryLookup countries,
        RateLimiter perKey, RateLimiter perNetwork, OtlpJsonDecoder json, OtlpProtobufDecoder protobuf,
        BatchAdmission admission, MachineIdHasher machineIds, IngestJournal journal, Metrics metrics, int maxBodyBytes,
        java.util.concurrent.Executor responses) {
}
