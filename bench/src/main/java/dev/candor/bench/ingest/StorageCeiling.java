package dev.candor.bench.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.config.ToolRegistration;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.ingest.BadRequestException;
import dev.candor.collector.ingest.BatchAdmission;
import dev.candor.collector.ingest.IncomingRecord;
import dev.candor.collector.ingest.OtlpJsonDecoder;
import dev.candor.collector.loadgen.ForgeRequestWriter;
import dev.candor.collector.loadgen.SimulatedFleet;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The storage ceiling: the rows the collector would store for the generator's requests (decoded,
 * admitted against forge's catalog and enriched by the collector's own classes), appended through
 * {@link DuckDbEventStore#insert} on one thread, as the store writer does, with no HTTP at all.
 * Only the insert calls (Appender, dedup index, commit) are timed.
 */
final class StorageCeiling {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<StoredEvent> templates;
    private final Set<String> resourceKeys;
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());

    private StorageCeiling(List<StoredEvent> templates, Set<String> resourceKeys) {
        this.templates = templates;
        this.resourceKeys = resourceKeys;
    }

    /** {@code count} distinct rows from the generator's bodies; each insert gives them fresh ids. */
    static StorageCeiling prepare(int count, long seed) throws BadRequestException {
        ToolRegistry.Tool forge = ToolRegistry.load(List.of(ToolRegistration.forgeDemo()))
                .byId("forge")
                .orElseThrow();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        BatchAdmission admission = new BatchAdmission(new EventEnricher(new MachineIdHasher(secret), 8192));
        OtlpJsonDecoder decoder = new OtlpJsonDecoder(new OtlpJsonDecoder.Limits(10_000, 128));
        ForgeRequestWriter writer = new SimulatedFleet("forge", 10_000, seed).requests(0);
        List<StoredEvent> rows = new ArrayList<>(count);
        Set<String> resourceKeys = new HashSet<>();
        while (rows.size() < count) {
            long now = System.currentTimeMillis() * 1000;
            // No X-Forwarded-For reaches the collector in the benchmark: its rows say Unknown too.
            List<IncomingRecord> records = decoder.decode(writer.next(100).json());
            records.forEach(r -> resourceKeys.addAll(r.resource().keySet()));
            BatchAdmission.Admitted admitted = admission.admit(forge, records, CountryLookup.UNKNOWN, now);
            rows.addAll(admitted.events());
        }
        return new StorageCeiling(rows.subList(0, count), resourceKeys);
    }

    /**
     * A probe of a leaner row: the same rows with {@code properties} holding only the event's own
     * attributes, as if each run's resource attributes were stored once per run rather than in every
     * event. The collector does not store this shape; the probe measures what it would save.
     */
    StorageCeiling withoutResourceProperties() throws IOException {
        List<StoredEvent> lean = new ArrayList<>(templates.size());
        for (StoredEvent e : templates) {
            Map<String, Object> properties =
                    JSON.readValue(e.properties(), new TypeReference<LinkedHashMap<String, Object>>() {});
            properties.keySet().removeAll(resourceKeys);
            lean.add(withProperties(e, e.eventId(), JSON.writeValueAsString(properties)));
        }
        return new StorageCeiling(lean, resourceKeys);
    }

    /** Inserts batches of {@code batch} rows until {@code seconds} of insert time; returns rows per second. */
    double run(DuckDbEventStore store, int batch, double seconds) throws StoreException {
        long spent = 0;
        long rows = 0;
        int next = 0;
        while (spent < seconds * 1e9) {
            List<StoredEvent> events = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                events.add(withNewId(templates.get(next)));
                next = (next + 1) % templates.size();
            }
            long start = System.nanoTime();
            rows += store.insert(events);
            spent += System.nanoTime() - start;
        }
        return rows / (spent / 1e9);
    }

    private StoredEvent withNewId(StoredEvent e) {
        long hi = ids.nextLong() & ~0xF000L | 0x4000L;
        long lo = ids.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return withProperties(e, new UUID(hi, lo), e.properties());
    }

    private static StoredEvent withProperties(StoredEvent e, UUID id, String properties) {
        return new StoredEvent(
                id,
                e.tool(),
                e.toolVersion(),
                e.eventName(),
                e.eventTimeMicros(),
                e.receivedAtMicros(),
                e.machineId(),
                e.sessionId(),
                e.osFamily(),
                e.osVersion(),
                e.runtimeId(),
                e.geography(),
                e.command(),
                e.exitCode(),
                e.durationMs(),
                properties);
    }
}
