package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code candor serve} does on SIGTERM: stop taking requests, finish those in flight, commit, close. */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void closingUnderLoadKeepsEveryAcknowledgedEventAndAnswersTheRest() throws Exception {
        CollectorServer server =
                TestCollector.start(dir, b -> b.set(dev.candor.collector.config.Setting.RATE_LIMIT_PER_NETWORK, "0"));
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warm = new CountDownLatch(10);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    List<UUID> uids = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        uids.add(UUID.randomUUID());
                    }
                    try {
                        HttpResponse<byte[]> r = Http.postLogs(
                                server.baseUri(),
                                "forge-public-ingest-key",
                                OtlpBodies.commands("forge", "m", uids, "build"));
                        if (r.statusCode() == 200) {
                            acknowledged.addAll(uids);
                            warm.countDown();
                        }
                    } catch (RuntimeException refused) {
                        return; // the server is gone
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        assertThat(warm.await(60, TimeUnit.SECONDS)).isTrue();

        server.close();
        stop.set(true);
        for (Thread t : clients) {
            t.join();
        }

        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            assertThat(store.count()).isEqualTo(acknowledged.size());
        }
    }
}
