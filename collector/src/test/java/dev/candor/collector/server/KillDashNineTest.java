package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.loadgen.LoadGenerator;
import dev.candor.collector.loadgen.LoadPlan;
import dev.candor.collector.loadgen.LoadReport;
import dev.candor.collector.testing.CollectorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 is a promise: acknowledged events survive {@code kill -9} of the collector, and none is
 * doubled. They survive in the journal; each start replays it into the store before listening.
 *
 * <p>The load is the load generator's ({@code candor loadgen}'s {@link LoadGenerator}), with
 * repeatable ids: each life of the collector gets a run of its own (its own seed), killed with
 * SIGKILL at a random moment 0.3 to 3.5 s after the collector listens, while the run is sending. What
 * counts as acknowledged is the generator's own record of the requests that got a 200. Three kills in
 * every build; {@code collector/scripts/crash-loop.sh --kills 20} runs more ({@code -Dcandor.kills=N}).
 */
class KillDashNineTest {
    /** More than any life of the collector can take in 3.5 s, so every kill lands while the run is still sending. */
    private static final long EVENTS_PER_RUN = 200_000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("collector.log");
        int kills = Integer.getInteger("candor.kills", 3);
        Random random = new Random();
        long firstSeed = random.nextLong();
        Set<String> acknowledged = new HashSet<>();
        long acknowledgedCount = 0;
        long unanswered = 0;
        int roundsWithAcks = 0;
        for (int round = 0; round < kills; round++) {
            try (CollectorProcess collector =
                    CollectorProcess.start(data, log, Map.of("CANDOR_RATE_LIMIT_PER_NETWORK", "0"))) {
                LoadPlan plan = LoadPlan.builder()
                        .url(collector.baseUri())
                        .repeatableIds(true)
                        .seed(firstSeed + round)
                        .machines(1_000)
                        .batch(50)
                        .connections(4)
                        .events(EVENTS_PER_RUN)
                        .timeout(Duration.ofSeconds(20))
                        .build();
                CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> run(plan));
                Duration moment = Duration.ofMillis(300 + random.nextInt(3_200));
                assertThat(collector.exitsWithin(moment))
                        .as("the collector died before it was killed")
                        .isFalse();
                assertThat(load)
                        .as("the load run was still sending at the kill")
                        .isNotDone();
                collector.kill();
                LoadReport report = load.get(120, TimeUnit.SECONDS);
                // A kill before the first answer is a fair moment too; most rounds see many.
                roundsWithAcks += report.acknowledgedRequests().isEmpty() ? 0 : 1;
                assertThat(report.eventsRejected()).isZero();
                unanswered += report.errors();
                acknowledgedCount += report.eventsAcknowledged();
                for (long n : report.acknowledgedRequests()) {
                    acknowledged.addAll(LoadGenerator.eventIds(plan, n));
                }
            }
        }

        // The last kill left acknowledged events in the journal only: the next start replays them before it listens.
        List<String> lines = CollectorProcess.storedEventIds(data, log);
        assertThat(Files.readString(log)).contains("journal replayed").doesNotContain("is damaged");
        Set<String> stored = new HashSet<>(lines);

        long lost = acknowledged.stream().filter(u -> !stored.contains(u)).count();
        System.out.printf(
                "crash loop: kills=%d acknowledged=%d stored=%d lost=%d duplicates=%d stored_unacknowledged=%d"
                        + " requests_without_answer=%d kills_after_acks=%d%n",
                kills,
                acknowledged.size(),
                stored.size(),
                lost,
                lines.size() - stored.size(),
                stored.stream().filter(u -> !acknowledged.contains(u)).count(),
                unanswered,
                roundsWithAcks);
        // On a busy machine a young collector may not have answered yet at its kill; some rounds must have.
        assertThat(roundsWithAcks).as("rounds killed after acknowledgements").isPositive();
        assertThat(acknowledged)
                .as("the generator's count and its record agree")
                .hasSize((int) acknowledgedCount);
        assertThat(lost)
                .as("acknowledged events not stored")
                .isZero(); // counted with the set: AssertJ's containsAll is quadratic
        assertThat(lines).hasSameSizeAs(stored); // no duplicates
    }

    private static LoadReport run(LoadPlan plan) {
        try {
            return LoadGenerator.run(plan, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
