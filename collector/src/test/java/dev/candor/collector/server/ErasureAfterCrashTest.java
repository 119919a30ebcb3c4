package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.ReadOnlyStore;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.common.OwnerProof;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure is not undone by the journal: the forgotten machine's events were acknowledged from a
 * journal segment that would normally stay until it fills, and a replay after {@code kill -9} must
 * not bring them back.
 */
class ErasureAfterCrashTest {
    private static final String KEY = "forge-public-ingest-key";

    @TempDir
    Path dir;

    @Test
    void aForgottenMachineStaysForgottenAfterKillDashNineAndReplay() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("collector.log");
        List<UUID> kept = List.of(UUID.randomUUID(), UUID.randomUUID());
        OwnerProof.Keys owner = OwnerProof.generate();
        try (CollectorProcess collector = CollectorProcess.start(data, log, Map.of())) {
            assertThat(Http.postLogs(
                                    collector.baseUri(),
                                    KEY,
                                    OtlpBodies.commands(
                                            "forge",
                                            "machine-x",
                                            owner.publicKey(),
                                            List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()),
                                            "build"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Http.postLogs(collector.baseUri(), KEY, OtlpBodies.commands("forge", "machine-y", kept, "build"))
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<byte[]> forgot = OwnerRequests.post(
                    collector.baseUri(),
                    "/v1/forget",
                    KEY,
                    OwnerRequests.body("/v1/forget", "forge", "machine-x", owner));
            assertThat(forgot.statusCode()).isEqualTo(200);
            assertThat(Http.text(Http.get(collector.baseUri(), "/metrics")))
                    .contains("candor_events_forgotten_total 3");
            collector.kill();
        }
        try (CollectorProcess collector = CollectorProcess.start(data, log, Map.of())) {
            collector.kill(); // the start replayed whatever the journal still held
        }

        StringWriter out = new StringWriter();
        try (ReadOnlyStore store = ReadOnlyStore.open(data.resolve(DuckDbEventStore.FILE_NAME))) {
            store.query("SELECT event_id::VARCHAR FROM events ORDER BY 1", new PrintWriter(out));
        }
        assertThat(out.toString().lines().skip(1).map(UUID::fromString).toList())
                .containsExactlyInAnyOrderElementsOf(kept);
        assertThat(Files.readString(log)).doesNotContain("ERROR");
    }
}
