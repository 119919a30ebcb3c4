package dev.candor.collector.ingest;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.store.EventSink;

/**
 * What the ingest endpoints share: who may send, how clients are located, limits, the sink (the
 * journal, or Kafka), and the executor that sends answers once the sink has the batch (so the
 * journal thread, or Kafka's, never waits on a socket).
 */
public record IngestContext(
        ToolRegistry tools,
        ClientAddress clientAddress,
        CountryLookup countries,
        RateLimiter perKey,
        RateLimiter perNetwork,
        OtlpJsonDecoder json,
        OtlpProtobufDecoder protobuf,
        BatchAdmission admission,
        MachineIdHasher machineIds,
        EventSink sink,
        Metrics metrics,
        int maxBodyBytes,
        java.util.concurrent.Executor responses) {}
