package dev.candor.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.json.Json;
import dev.candor.collector.testing.BinForge;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.collector.testing.TestKeystore;
import dev.candor.common.OwnerProof;
import dev.candor.telemetry.testing.TestMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rights of access and erasure as a user exercises them: the real {@code bin/forge} against the
 * real collector over HTTPS. The owner fetches exactly what is held and erases it; a stranger who has
 * the owner's machine id (the hash of their MAC) sees and erases only what the stranger sent.
 */
class RightsThroughForgeTest {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TestMachine machine(String name) throws Exception {
        return BinForge.machineWithProject(dir.resolve(name));
    }

    @Test
    void theOwnerFetchesAndErasesWhatIsHeldAndAStrangerWithTheMachineIdCanDoNeither() throws Exception {
        TestKeystore tls = TestKeystore.create(dir.resolve("tls"));
        TestMachine owner = machine("owner");
        TestMachine stranger = machine("stranger");
        String machineIdSeen;
        String ownerKeySeen;
        try (CollectorProcess c =
                CollectorProcess.start(dir.resolve("data"), dir.resolve("collector.log"), tls.collectorEnv())) {
            int port = c.baseUri().getPort();
            Map<String, String> env = Map.of(
                    "FORGE_TELEMETRY_ENDPOINT",
                    "https://localhost:" + port,
                    "FORGE_TELEMETRY_CA_FILE",
                    tls.caFile().toString());
            for (int i = 0; i < 3; i++) {
                assertThat(BinForge.run(owner, env, "build").exit()).isZero();
            }
            Eventually.within(
                    MINUTE, "the owner's 3 events stored", () -> tls.metric(port, "candor_events_stored_total") == 3);

            BinForge.Result fetched = BinForge.run(owner, env, "telemetry", "fetch");

            assertThat(fetched.exit()).as(fetched.err()).isZero();
            assertThat(fetched.out())
                    .contains("The collector holds 3 events of this installation and 1 row of daily counts.");
            JsonNode held = Json.MAPPER.readTree(
                    owner.cwd.resolve("forge-telemetry-held.json").toFile());
            assertThat(held.path("events")).hasSize(3);
            held.path("events")
                    .forEach(e -> assertThat(e.path("command").asText()).isEqualTo("build"));
            assertThat(held.path("daily").get(0).path("occurrences").asLong()).isEqualTo(3);

            // The stranger knows the owner's machine id and makes it theirs; their own key comes with their first run.
            Path ownerState = owner.stateDir("forge");
            Files.createDirectories(stranger.stateDir("forge"));
            Files.copy(
                    ownerState.resolve("machine-id"), stranger.stateDir("forge").resolve("machine-id"));
            assertThat(BinForge.run(stranger, env, "build").exit()).isZero();
            Eventually.within(
                    MINUTE, "the stranger's event stored", () -> tls.metric(port, "candor_events_stored_total") == 4);

            BinForge.Result peek = BinForge.run(stranger, env, "telemetry", "fetch", "-o", "-");
            BinForge.Result erase = BinForge.run(stranger, env, "telemetry", "forget");

            assertThat(peek.exit()).as(peek.err()).isZero();
            assertThat(peek.out()).as("the document alone on stdout").startsWith("{");
            assertThat(Json.MAPPER.readTree(peek.out()).path("eventCount").asLong())
                    .as("only the stranger's own event")
                    .isEqualTo(1);
            assertThat(erase.exit()).as(erase.err()).isZero();
            assertThat(tls.metric(port, "candor_events_forgotten_total"))
                    .as("the stranger erased only their own")
                    .isEqualTo(1);

            String[] keyFile =
                    Files.readString(ownerState.resolve("owner-key")).trim().split("\n");
            OwnerProof.Keys ownerKeys = new OwnerProof.Keys(keyFile[0], keyFile[1]);
            String machineId =
                    Files.readString(ownerState.resolve("machine-id")).trim();
            machineIdSeen = machineId;
            ownerKeySeen = ownerKeys.publicKey();
            BinForge.Result forgot = BinForge.run(owner, env, "telemetry", "forget");

            assertThat(forgot.exit()).as(forgot.err()).isZero();
            assertThat(forgot.out()).contains("The collector erased this machine's events.");
            assertThat(tls.metric(port, "candor_events_forgotten_total")).isEqualTo(4);
            BinForge.Result after = BinForge.run(owner, env, "telemetry", "fetch");
            assertThat(after.out()).contains("Nothing was sent from this installation");
            // Even with the old key, kept by hand, nothing is left to see.
            String old = tls.post(
                            port,
                            "/v1/access",
                            "forge-public-ingest-key",
                            OwnerRequests.body("/v1/access", "forge", machineId, ownerKeys))
                    .body();
            assertThat(Json.MAPPER.readTree(old).path("eventCount").asLong()).isZero();
            assertThat(Json.MAPPER.readTree(old).path("daily")).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("collector.log")))
                .as("the collector logs neither ids nor keys")
                .doesNotContain(machineIdSeen)
                .doesNotContain(ownerKeySeen);
    }
}
