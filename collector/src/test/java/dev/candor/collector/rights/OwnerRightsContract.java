package dev.candor.collector.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.json.Json;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.OwnerRequests;
import dev.candor.common.OwnerProof;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What access and erasure must do on every store, through the real collector: a store passes by
 * subclassing this with a running collector and a way to bring its reads up to date. Each test uses
 * machine ids of its own, so that one collector can serve them all.
 */
public abstract class OwnerRightsContract {
    protected static final String KEY = "forge-public-ingest-key";
    private static final String ACCESS = OwnerRights.ACCESS_ROUTE;
    private static final String FORGET = OwnerRights.FORGET_ROUTE;

    /** The collector's base URL; owner requests must not be rate-limited there. */
    protected abstract URI collector();

    /**
     * Waits until these events, acknowledged since the last call, are visible to reads, and the daily aggregate counts them
     * (ClickHouse: the loaders have written them and the aggregate is refreshed).
     */
    protected abstract void settle(List<UUID> acknowledged) throws Exception;

    /** How long an erasure may take to reach the store (behind Kafka, the loaders apply it). */
    protected abstract Duration erasureDelay();

    private final List<UUID> pending = new ArrayList<>();

    private void settle() throws Exception {
        settle(List.copyOf(pending));
        pending.clear();
    }

    private List<UUID> send(String machineId, OwnerProof.Keys keys, int events, String command) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add(UUID.randomUUID());
        }
        String body = OtlpBodies.commands("forge", machineId, keys == null ? null : keys.publicKey(), ids, command);
        assertThat(Http.postLogs(collector(), KEY, body).statusCode()).isEqualTo(200);
        pending.addAll(ids);
        return ids;
    }

    private HttpResponse<byte[]> request(String route, String machineId, OwnerProof.Keys keys) {
        return OwnerRequests.post(collector(), route, KEY, OwnerRequests.body(route, "forge", machineId, keys));
    }

    private JsonNode access(String machineId, OwnerProof.Keys keys) throws Exception {
        HttpResponse<byte[]> r = request(ACCESS, machineId, keys);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static List<String> eventIds(JsonNode held) {
        List<String> ids = new ArrayList<>();
        held.path("events").forEach(e -> ids.add(e.path("eventId").asText()));
        return ids;
    }

    private static String machine() {
        return "machine-" + UUID.randomUUID();
    }

    @Test
    void theOwnerSeesEveryEventAndDailyRowOfItsMachineAndNothingElse() throws Exception {
        String mine = machine();
        OwnerProof.Keys keys = OwnerProof.generate();
        List<UUID> sent = new ArrayList<>(send(mine, keys, 3, "build"));
        sent.addAll(send(mine, keys, 1, "test"));
        send(machine(), OwnerProof.generate(), 2, "build"); // another machine
        settle();

        JsonNode held = access(mine, keys);

        assertThat(eventIds(held))
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().map(UUID::toString).toList());
        assertThat(held.path("eventCount").asLong()).isEqualTo(4);
        assertThat(held.path("truncated").asBoolean()).isFalse();
        JsonNode first = held.path("events").get(0);
        assertThat(first.path("eventName").asText()).isEqualTo("cli.command");
        assertThat(first.path("properties").path("command.option.configuration").asText())
                .isEqualTo("Release");
        assertThat(first.toString())
                .as("neither the machine id it sent, nor the collector's hash of it, nor the key")
                .doesNotContain(mine)
                .doesNotContain(keys.publicKey());
        long counted = 0;
        for (JsonNode day : held.path("daily")) {
            counted += day.path("occurrences").asLong();
        }
        assertThat(counted).as("the daily counts of this machine").isEqualTo(4);
        assertThat(held.path("dailyRowCount").asLong()).isEqualTo(2); // build and test, one day
    }

    @Test
    void aStrangerWhoKnowsTheMachineIdGetsTheAnswerOfAMachineThatNeverSentAnything() throws Exception {
        String victim = machine();
        OwnerProof.Keys owner = OwnerProof.generate();
        send(victim, owner, 3, "build");
        settle();
        OwnerProof.Keys stranger = OwnerProof.generate();

        JsonNode asStranger = access(victim, stranger);
        JsonNode neverSent = access(machine(), stranger);
        HttpResponse<byte[]> erase = request(FORGET, victim, stranger);

        assertThat(asStranger).isEqualTo(neverSent);
        assertThat(asStranger.path("eventCount").asLong()).isZero();
        assertThat(asStranger.path("events")).isEmpty();
        assertThat(asStranger.path("daily")).isEmpty();
        assertThat(List.of(erase.statusCode(), Http.text(erase))).containsExactly(200, "{}");
        // Behind Kafka, an erasure is applied in order with the events: the next events' arrival shows it was.
        OwnerProof.Keys later = OwnerProof.generate();
        send(machine(), later, 1, "build");
        settle();
        assertThat(access(victim, owner).path("eventCount").asLong())
                .as("the stranger's erasure named no rows")
                .isEqualTo(3);
    }

    @Test
    void aSignatureThatTheOwnersKeyDidNotMakeIsRefusedAndErasesNothing() throws Exception {
        String victim = machine();
        OwnerProof.Keys owner = OwnerProof.generate();
        send(victim, owner, 2, "build");
        settle();
        // The stranger knows the owner's public key too (say, from a shared log), but signs with their own.
        OwnerProof.Keys forged = new OwnerProof.Keys(OwnerProof.generate().privateKey(), owner.publicKey());

        HttpResponse<byte[]> read = request(ACCESS, victim, forged);
        HttpResponse<byte[]> erase = request(FORGET, victim, forged);
        HttpResponse<byte[]> nobody = request(FORGET, machine(), forged);

        assertThat(List.of(read.statusCode(), erase.statusCode(), nobody.statusCode()))
                .containsExactly(403, 403, 403);
        assertThat(Http.text(erase)).isEqualTo(Http.text(nobody)).contains("signature does not verify");
        assertThat(Http.text(read)).doesNotContain("events");
        assertThat(access(victim, owner).path("eventCount").asLong()).isEqualTo(2);
    }

    @Test
    void afterTheOwnerErasesItsDataAccessReturnsNothing() throws Exception {
        String mine = machine();
        OwnerProof.Keys keys = OwnerProof.generate();
        String neighbour = machine();
        OwnerProof.Keys theirs = OwnerProof.generate();
        send(mine, keys, 3, "build");
        send(neighbour, theirs, 2, "build");
        settle();

        HttpResponse<byte[]> erase = request(FORGET, mine, keys);

        assertThat(List.of(erase.statusCode(), Http.text(erase))).containsExactly(200, "{}");
        Eventually.within(erasureDelay(), "the erasure applied to the events and to the daily counts", () -> {
            // ClickHouse applies the two deletions one after the other, in the background.
            JsonNode held = access(mine, keys);
            return held.path("eventCount").asLong() == 0 && held.path("daily").isEmpty();
        });
        JsonNode after = access(mine, keys);
        assertThat(after.path("events")).isEmpty();
        assertThat(after.path("daily")).as("the daily counts are erased too").isEmpty();
        assertThat(access(neighbour, theirs).path("eventCount").asLong()).isEqualTo(2);
    }

    @Test
    void aRequestIsSingleUseAndValidOnlyNearItsTime() throws Exception {
        String mine = machine();
        OwnerProof.Keys keys = OwnerProof.generate();
        send(mine, keys, 1, "build");
        settle();
        String once = OwnerRequests.body(ACCESS, "forge", mine, keys);
        long now = System.currentTimeMillis() / 1000;

        HttpResponse<byte[]> first = OwnerRequests.post(collector(), ACCESS, KEY, once);
        HttpResponse<byte[]> replay = OwnerRequests.post(collector(), ACCESS, KEY, once);
        HttpResponse<byte[]> old = OwnerRequests.post(
                collector(),
                ACCESS,
                KEY,
                OwnerRequests.body(ACCESS, "forge", mine, keys, now - 600, "an-old-nonce-0001"));
        HttpResponse<byte[]> otherRoute = OwnerRequests.post(collector(), FORGET, KEY, once);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(List.of(replay.statusCode(), old.statusCode(), otherRoute.statusCode()))
                .containsExactly(403, 403, 403);
        assertThat(Http.text(replay)).contains("already used");
        assertThat(Http.text(old)).contains("clock");
        assertThat(Http.text(otherRoute)).as("an access request does not erase").contains("signature does not verify");
        assertThat(access(mine, keys).path("eventCount").asLong()).isEqualTo(1);
    }

    @Test
    void eventsFromAClientWithoutAnOwnerKeyCannotBeAskedForByAnyone() throws Exception {
        String old = machine();
        send(old, null, 2, "build");
        settle();

        JsonNode held = access(old, OwnerProof.generate());

        assertThat(held.path("eventCount").asLong()).isZero();
    }
}
