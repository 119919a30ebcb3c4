package dev.candor.collector.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import dev.candor.common.OwnerProof;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the two routes refuse, and how: the form of the body, the key, the tool, the rate. */
class OwnerRequestCheckTest {
    private static final String KEY = "forge-public-ingest-key";
    private static final String FORGET = OwnerRights.FORGET_ROUTE;
    private static final String ACCESS = OwnerRights.ACCESS_ROUTE;

    @TempDir
    Path dir;

    private CollectorServer server;
    private final OwnerProof.Keys owner = OwnerProof.generate();

    @BeforeEach
    void start() throws Exception {
        start("0");
    }

    private void start(String ownerRequestsPerMinute) throws Exception {
        server = TestCollector.start(
                dir.resolve(ownerRequestsPerMinute),
                b -> b.tool("forge:" + KEY)
                        .tool("other:other-key-123")
                        .set(Setting.OWNER_REQUESTS_PER_MINUTE, ownerRequestsPerMinute));
        Http.postLogs(
                server.baseUri(),
                KEY,
                OtlpBodies.commands("forge", "machine-a", owner.publicKey(), List.of(UUID.randomUUID()), "build"));
        Http.postLogs(
                server.baseUri(),
                "other-key-123",
                OtlpBodies.commands("other", "machine-a", owner.publicKey(), List.of(UUID.randomUUID()), "x"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> post(String route, String key, String body) {
        return OwnerRequests.post(server.baseUri(), route, key, body);
    }

    @Test
    void theOldUnsignedErasureIsRefusedWithAnExplanation() {
        HttpResponse<byte[]> r = post(FORGET, KEY, "{\"machineId\":\"machine-a\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.text(r)).contains("unsigned").contains("docs/WIRE.md");
        assertThat(StoreQueries.count(server, "")).isEqualTo(2);
    }

    @Test
    void malformedBodiesGetAClearFourHundred() {
        String good = OwnerRequests.body(FORGET, "forge", "machine-a", owner);
        for (String bad : List.of(
                "not json",
                "[]",
                "{}",
                good.replace("\"machine-a\"", "\"../../etc\""),
                good.replace("\"machine-a\"", "42"),
                good.replace(owner.publicKey(), owner.publicKey().toUpperCase()),
                good.replaceFirst("\"time\":\\d+", "\"time\":\"soon\""),
                good.replaceFirst("\"nonce\":\"[^\"]+\"", "\"nonce\":\"short\""),
                good.replaceFirst("\"signature\":\"[0-9a-f]+\"", "\"signature\":\"abc\""),
                good.replace("}", ",\"extra\":1}"))) {
            HttpResponse<byte[]> r = post(FORGET, KEY, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(Http.text(r)).as(bad).contains("must").doesNotContain("Exception");
        }
        assertThat(StoreQueries.count(server, "")).isEqualTo(2);
    }

    @Test
    void aSignatureIsForOneToolOnly() {
        // Signed for forge, sent with other's ingest key: the same machine and key in another tool.
        HttpResponse<byte[]> r = post(FORGET, "other-key-123", OwnerRequests.body(FORGET, "forge", "machine-a", owner));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(StoreQueries.count(server, "tool = 'other'")).isEqualTo(1);
    }

    @Test
    void erasureReachesOneToolOnly() {
        HttpResponse<byte[]> r = post(FORGET, KEY, OwnerRequests.body(FORGET, "forge", "machine-a", owner));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(StoreQueries.count(server, "tool = 'forge'")).isZero();
        assertThat(StoreQueries.count(server, "tool = 'other'")).isEqualTo(1);
        assertThat(Http.text(Http.get(server.baseUri(), "/metrics"))).contains("candor_events_forgotten_total 1");
    }

    @Test
    void needsTheToolsIngestKeyAndPostWithJson() {
        String body = OwnerRequests.body(ACCESS, "forge", "machine-a", owner);
        assertThat(post(ACCESS, "wrong-key-000", body).statusCode()).isEqualTo(401);
        assertThat(Http.get(server.baseUri(), ACCESS).statusCode()).isEqualTo(405);
        assertThat(Http.post(
                                server.baseUri(),
                                ACCESS,
                                body.getBytes(StandardCharsets.UTF_8),
                                "Content-Type",
                                "text/plain",
                                "Authorization",
                                "Bearer " + KEY)
                        .statusCode())
                .isEqualTo(415);
    }

    @Test
    void aGuesserIsSlowedDownPerNetwork() throws Exception {
        server.close();
        start("5");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(post(ACCESS, KEY, OwnerRequests.body(ACCESS, "forge", "guess-" + i, OwnerProof.generate()))
                    .statusCode());
        }

        assertThat(statuses.subList(0, 5)).containsOnly(200);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
        HttpResponse<byte[]> limited = post(ACCESS, KEY, OwnerRequests.body(ACCESS, "forge", "machine-a", owner));
        assertThat(limited.statusCode())
                .as("the owner from the same network waits too")
                .isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
}
