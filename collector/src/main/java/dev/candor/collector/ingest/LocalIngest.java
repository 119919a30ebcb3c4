package dev.candor.collector.ingest;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.store.Overloaded;
import java.util.concurrent.CompletableFuture;

/**
 * The ingest path for senders inside the collector (the dashboard's own usage): the same decoder,
 * catalog check, scrubbing, machine-id hashing and sink (journal or Kafka) as {@code POST /v1/logs}, without a
 * network hop, and without a client address, so such events never have a geography.
 */
public final class LocalIngest {
    private final IngestContext ctx;

    public LocalIngest(IngestContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Admits an OTLP/JSON body for {@code tool}; completes once the sink has its events (on disk in the journal, or acknowledged by Kafka),
     * exceptionally when the body is malformed or the store is overloaded.
     */
    public CompletableFuture<Integer> submit(ToolRegistry.Tool tool, byte[] otlpJson) {
        BatchAdmission.Admitted admitted;
        try {
            admitted = ctx.admission()
                    .admit(tool, ctx.json().decode(otlpJson), CountryLookup.UNKNOWN, System.currentTimeMillis() * 1000);
        } catch (BadRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        admitted.rejectedByReason().forEach(ctx.metrics()::rejected);
        try {
            return ctx.sink().append(admitted.events()).thenApply(ok -> {
                ctx.metrics().accepted(tool.id(), admitted.events().size());
                return admitted.events().size();
            });
        } catch (Overloaded e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
