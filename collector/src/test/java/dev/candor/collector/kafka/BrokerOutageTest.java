package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.KafkaCluster;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The broker stops while clients send: they get 503 with Retry-After and retry; nothing acknowledged is lost. */
class BrokerOutageTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @TempDir
    Path dir;

    @Test
    void clientsSee503DuringTheOutageAndEveryAcknowledgedEventIsInKafka() throws Exception {
        int clients = 4;
        int requestsEach = 40;
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger withoutRetryAfter = new AtomicInteger();
        CountDownLatch underLoad = new CountDownLatch(clients * 5);
        CountDownLatch refused = new CountDownLatch(1);
        try (CollectorServer collector = TestCollector.start(
                dir,
                b -> b.set(Setting.SINK, "kafka")
                        .set(Setting.KAFKA_BOOTSTRAP, KAFKA.bootstrap())
                        .set(Setting.KAFKA_TOPIC, "outage")
                        .set(Setting.KAFKA_PARTITIONS, "2")
                        .set(Setting.KAFKA_TIMEOUT_MS, "1500")
                        .set(Setting.RATE_LIMIT_PER_KEY, "0")
                        .set(Setting.RATE_LIMIT_PER_NETWORK, "0"))) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String machine = "machine-" + c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requestsEach; i++) {
                        List<UUID> uids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
                        String body = OtlpBodies.commands("forge", machine, uids, "build");
                        for (int attempt = 0; attempt < 200; attempt++) { // a client's bounded retry loop
                            HttpResponse<byte[]> r =
                                    Http.postLogs(collector.baseUri(), "forge-public-ingest-key", body);
                            if (r.statusCode() == 200) {
                                acknowledged.addAll(uids);
                                break;
                            }
                            assertThat(r.statusCode()).isEqualTo(503);
                            unavailable.incrementAndGet();
                            if (r.headers().firstValue("Retry-After").isEmpty()) {
                                withoutRetryAfter.incrementAndGet();
                            }
                            refused.countDown();
                            Thread.sleep(100);
                        }
                        underLoad.countDown();
                    }
                    return null;
                }));
            }
            assertThat(underLoad.await(60, TimeUnit.SECONDS)).isTrue();
            KAFKA.stopBroker();
            assertThat(refused.await(60, TimeUnit.SECONDS))
                    .as("a 503 while the broker is down")
                    .isTrue();
            KAFKA.startBroker();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }

        Set<UUID> onTopic = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll("outage")) {
            onTopic.add(KafkaRecords.read(r.value(), r.headers()).event().eventId());
        }
        assertThat(acknowledged).hasSize(clients * requestsEach * 3);
        assertThat(unavailable.get()).isPositive();
        assertThat(withoutRetryAfter.get()).isZero();
        assertThat(onTopic).containsAll(acknowledged);
    }
}
