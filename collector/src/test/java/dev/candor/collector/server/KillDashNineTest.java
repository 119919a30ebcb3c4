package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.DuckDbEventStore;
import dev.candor.collector.store.ReadOnlyStore;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 is a promise: acknowledged events survive {@code kill -9} of the collector, and none is
 * doubled. They survive in the journal; each start replays it into the store before listening.
 * Three kills in every build; {@code collector/scripts/crash-loop.sh --kills 20} runs more
 * ({@code -Dcandor.kills=N}), each after a random number of acknowledged requests.
 */
class KillDashNineTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("collector.log");
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        int kills = Integer.getInteger("candor.kills", 3);
        java.util.Random random = new java.util.Random();
        for (int round = 0; round < kills; round++) {
            try (CollectorProcess collector = CollectorProcess.start(data, log, Map.of("CANDOR_RATE_LIMIT_PER_NETWORK", "0"))) {
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch someAcked = new CountDownLatch(20 + random.nextInt(200)); // a random moment under load
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    Thread t = new Thread(() -> {
                        while (!stop.get()) {
                            List<UUID> uids = new ArrayList<>();
                            for (int i = 0; i < 50; i++) {
                                uids.add(UUID.randomUUID());
                            }
                            sent.addAll(uids);
                            try {
                                HttpResponse<byte[]> r = Http.postLogs(collector.baseUri(), "forge-public-ingest-key",
                                        OtlpBodies.commands("forge", "machine-" + uids.get(0), uids, "build"));
                                if (r.statusCode() == 200) {
                                    acknowledged.addAll(uids);
                                    someAcked.countDown();
                                }
                            } catch (RuntimeException connectionCut) {
                                // the collector died mid-request: not acknowledged
                            }
                        }
                    });
                    t.start();
                    clients.add(t);
                }
                assertThat(someAcked.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("acks before the kill").isTrue();
                collector.kill(); // while the clients are still sending
                stop.set(true);
                for (Thread t : clients) {
                    t.join();
                }
            }
        }

        // The last kill left acknowledged events in the journal only: the next start replays them before it listens.
        try (CollectorProcess collector = CollectorProcess.start(data, log, Map.of())) {
            collector.kill();
        }
        assertThat(Files.readString(log)).contains("journal replayed").doesNotContain("is damaged");

        StringWriter out = new StringWriter();
        try (ReadOnlyStore store = ReadOnlyStore.open(data.resolve(DuckDbEventStore.FILE_NAME))) {
            store.query("SELECT event_id::VARCHAR FROM events", new PrintWriter(out));
        }
        List<String> lines = out.toString().lines().skip(1).toList();
        Set<UUID> stored = new java.util.HashSet<>();
        lines.forEach(l -> stored.add(UUID.fromString(l)));

        System.out.printf("crash loop: kills=%d sent=%d acknowledged=%d stored=%d lost=%d duplicates=%d%n", kills, sent.size(),
                acknowledged.size(), stored.size(), acknowledged.stream().filter(u -> !stored.contains(u)).count(),
                lines.size() - stored.size());
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(kills * 20 * 50);
        assertThat(stored).containsAll(acknowledged);
        assertThat(lines).hasSameSizeAs(stored); // no duplicates
        assertThat(sent).containsAll(stored);
    }
}
