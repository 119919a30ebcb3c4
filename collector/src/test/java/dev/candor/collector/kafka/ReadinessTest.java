package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.KafkaCluster;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness apart: with the broker stopped, ingest answers 503, and so does /readyz (with
 * the reason), so a load balancer stops sending; /healthz stays 200, so nothing restarts the collector.
 */
class ReadinessTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @TempDir
    Path dir;

    @Test
    void readyzFollowsTheBrokerAndHealthzStaysUp() throws Exception {
        try (CollectorServer collector = TestCollector.start(
                dir.resolve("kafka"),
                b -> b.set(Setting.SINK, "kafka")
                        .set(Setting.KAFKA_BOOTSTRAP, KAFKA.bootstrap())
                        .set(Setting.KAFKA_TOPIC, "readiness")
                        .set(Setting.KAFKA_TIMEOUT_MS, "1500"))) {
            assertThat(Http.text(Http.get(collector.baseUri(), "/readyz"))).isEqualTo("ready\n");

            KAFKA.stopBroker();
            try {
                Eventually.within(
                        Duration.ofSeconds(30),
                        "/readyz says 503",
                        () -> Http.get(collector.baseUri(), "/readyz").statusCode() == 503);
                assertThat(Http.text(Http.get(collector.baseUri(), "/readyz")))
                        .isEqualTo("not ready: Kafka does not answer\n")
                        .as("no broker address on the public port")
                        .doesNotContain(KAFKA.bootstrap());
                assertThat(Http.get(collector.baseUri(), "/healthz").statusCode())
                        .isEqualTo(200);
            } finally {
                KAFKA.startBroker();
            }
            Eventually.within(
                    Duration.ofSeconds(60),
                    "/readyz is 200 again",
                    () -> Http.get(collector.baseUri(), "/readyz").statusCode() == 200);
        }
    }

    @Test
    void anEmbeddedCollectorIsReady() throws Exception {
        try (CollectorServer collector = TestCollector.start(dir.resolve("embedded"), b -> b)) {
            assertThat(Http.text(Http.get(collector.baseUri(), "/readyz"))).isEqualTo("ready\n");
        }
    }
}
