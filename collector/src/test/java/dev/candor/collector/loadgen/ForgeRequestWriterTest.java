package dev.candor.collector.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.config.ToolRegistration;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.ingest.BatchAdmission;
import dev.candor.collector.ingest.IncomingRecord;
import dev.candor.collector.ingest.OtlpJsonDecoder;
import dev.candor.collector.ingest.RequestBody;
import dev.candor.collector.store.StoredEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's bodies are what the SDK sends: they decode, pass forge's catalog whole, and mix realistically. */
class ForgeRequestWriterTest {
    private static final OtlpJsonDecoder DECODER = new OtlpJsonDecoder(new OtlpJsonDecoder.Limits(10_000, 128));
    private static final List<StoredEvent> STORED = new ArrayList<>();
    private static int rejected;
    private static int dropped;

    @BeforeAll
    static void admitFiftyRequests() throws Exception {
        ToolRegistry.Tool forge = ToolRegistry.load(List.of(ToolRegistration.forgeDemo()))
                .byId("forge")
                .orElseThrow();
        BatchAdmission admission = new BatchAdmission(new EventEnricher(new MachineIdHasher(new byte[32]), 8192));
        ForgeRequestWriter writer = new SimulatedFleet("forge", 1_000, 1).requests(0);
        for (int i = 0; i < 50; i++) {
            List<IncomingRecord> records = DECODER.decode(writer.next(100).json());
            assertThat(records).hasSize(100);
            BatchAdmission.Admitted admitted = admission.admit(forge, records, "Unknown", 1_800_000_000_000_000L);
            rejected += admitted.rejected();
            dropped += admitted.droppedAttributes();
            STORED.addAll(admitted.events());
        }
    }

    @Test
    void everyRecordAndAttributePassesForgesCatalog() {
        assertThat(rejected).isZero();
        assertThat(dropped).isZero();
        assertThat(STORED).hasSize(5_000);
    }

    @Test
    void everyEventHasItsOwnUid() {
        assertThat(STORED.stream().map(StoredEvent::eventId).distinct()).hasSize(STORED.size());
    }

    @Test
    void theMixHasEveryCommandOsAndEventKind() {
        assertThat(distinct(e -> e.command())).contains("new", "build", "run", "test", "pack", "publish", "auto-train");
        assertThat(distinct(StoredEvent::osFamily)).containsExactlyInAnyOrder("Linux", "Darwin", "Windows");
        assertThat(distinct(StoredEvent::eventName))
                .contains("cli.command", "cli.crash", "cli.error", "tests.completed", "template.created");
        assertThat(distinct(StoredEvent::exitCode)).contains(0, 1, 2);
        assertThat(distinct(StoredEvent::toolVersion).size()).isGreaterThanOrEqualTo(4);
        long successes = STORED.stream()
                .filter(e -> Integer.valueOf(0).equals(e.exitCode()))
                .count();
        long commands =
                STORED.stream().filter(e -> e.eventName().equals("cli.command")).count();
        assertThat((double) successes / commands).isBetween(0.8, 0.97);
    }

    @Test
    void crashesCarryAStackTrace() {
        assertThat(STORED)
                .filteredOn(e -> e.eventName().equals("cli.crash"))
                .allSatisfy(
                        e -> assertThat(e.properties()).contains("exception.stacktrace", "\\tat dev.candor.forge."));
    }

    @Test
    void aRequestIsOneMachinesRunsEachWithItsOwnSession() throws Exception {
        List<IncomingRecord> records = DECODER.decode(
                new SimulatedFleet("forge", 1_000, 1).requests(3).next(100).json());

        assertThat(records.stream()
                        .map(r -> r.resource().get("candor.machine.id"))
                        .distinct())
                .hasSize(1);
        Set<Object> sessions =
                records.stream().map(r -> r.resource().get("session.id")).collect(Collectors.toSet());
        assertThat(sessions.size()).isGreaterThan(30); // runs of one to three events each
    }

    @Test
    void theSeedFixesTheMachinesButNeverTheEventIds() throws Exception {
        assertThat(SimulatedMachine.of(7, 42)).isEqualTo(SimulatedMachine.of(7, 42));
        assertThat(SimulatedMachine.of(7, 42)).isNotEqualTo(SimulatedMachine.of(8, 42));

        Set<Object> first = uids(new SimulatedFleet("forge", 10, 7).requests(0).next(50));
        Set<Object> second = uids(new SimulatedFleet("forge", 10, 7).requests(0).next(50));
        assertThat(first).hasSize(50).doesNotContainAnyElementsOf(second);
    }

    @Test
    void theGzipEncoderWritesWhatTheCollectorInflates() throws Exception {
        byte[] json = new SimulatedFleet("forge", 10, 1).requests(0).next(100).json();
        try (GzipEncoder gzip = new GzipEncoder()) {
            byte[] compressed = gzip.encode(json);
            assertThat(compressed.length).isLessThan(json.length / 5);
            assertThat(RequestBody.gunzip(compressed, 4 << 20)).isEqualTo(json);
            assertThat(RequestBody.gunzip(gzip.encode(json), 4 << 20)).isEqualTo(json); // reused
        }
    }

    private static Set<Object> uids(SimulatedRequest request) throws Exception {
        Set<Object> uids = new HashSet<>();
        for (IncomingRecord r : DECODER.decode(request.json())) {
            uids.add(UUID.fromString((String) r.attributes().get("log.record.uid")));
        }
        return uids;
    }

    private static <T> Set<T> distinct(java.util.function.Function<StoredEvent, T> field) {
        return STORED.stream().map(field).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }
}
