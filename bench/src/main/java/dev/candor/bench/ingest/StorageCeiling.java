package dev.candor.bench.ingest;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.config.ToolRegistration;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.ingest.BadRequestException;
import dev.candor.collector.ingest.BatchAdmission;
import dev.candor.collector.ingest.OtlpJsonDecoder;
import dev.candor.collector.loadgen.ForgeRequestWriter;
import dev.candor.collector.loadgen.SimulatedFleet;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The storage ceiling: the rows the collector would store for the generator's requests (decoded,
 * admitted against forge's catalog and enriched by the collector's own classes), appended through
 * {@link DuckDbEventStore#insert} on one thread, as the store writer does, with no HTTP at all.
 * Only the insert calls (Appender, dedup index, commit) are timed.
 */
final class StorageCeiling {
    private final List<StoredEvent> templates;
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());

    private StorageCeiling(List<StoredEvent> templates) {
        this.templates = templates;
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
        while (rows.size() < count) {
            long now = System.currentTimeMillis() * 1000;
            // No X-Forwarded-For reaches the collector in the benchmark: its rows say Unknown too.
            BatchAdmission.Admitted admitted =
                    admission.admit(forge, decoder.decode(writer.next(100).json()), CountryLookup.UNKNOWN, now);
            rows.addAll(admitted.events());
        }
        return new StorageCeiling(rows.subList(0, count));
    }

    /**
     * A probe of the rows as schema version 1 stored them: each event's whole properties in its row, its
     * run's attributes repeated in every event, no {@code run_attributes}. The collector no longer stores
     * this shape; the probe measures, in the same run, what keeping each run's attributes once saves.
     */
    StorageCeiling asWholeRows() {
        List<StoredEvent> whole = new ArrayList<>(templates.size());
        for (StoredEvent e : templates) {
            whole.add(e.whole());
        }
        return new StorageCeiling(whole);
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
        return e.withId(new UUID(hi, lo));
    }
}
