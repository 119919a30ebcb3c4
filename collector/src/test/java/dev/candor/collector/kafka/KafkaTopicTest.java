package dev.candor.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.KafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Setting up a topic that did not exist a moment ago: the broker may not know it yet when it is first
 * described (a CI run once failed with UnknownTopicOrPartition there). Many fresh topics in a row give
 * that window many chances to show.
 */
class KafkaTopicTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void freshTopicsAreReadyAsSoonAsEnsureReturns() throws Exception {
        for (int i = 0; i < 25; i++) {
            KafkaTopic.ensure(KAFKA.bootstrap(), "fresh-" + i, 4, 10_000);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap()))) {
            var topics = admin.describeTopics(List.of("fresh-0", "fresh-24"))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(topics.get("fresh-24").partitions())
                    .hasSize(4)
                    .allSatisfy(p -> assertThat(p.leader())
                            .as("every partition has a leader")
                            .isNotNull());
        }
    }

    @Test
    void ensuringAnExistingTopicKeepsItsPartitions() throws Exception {
        KafkaTopic.ensure(KAFKA.bootstrap(), "kept", 3, 10_000);
        KafkaTopic.ensure(KAFKA.bootstrap(), "kept", 8, 10_000);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap()))) {
            assertThat(admin.describeTopics(List.of("kept"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get("kept")
                            .partitions())
                    .hasSize(3);
        }
    }

    @Test
    void theCheckOfCheckConfigDescribesATopicWithoutCreatingIt() throws Exception {
        assertThat(KafkaSink.check(KAFKA.bootstrap(), "not-made-by-a-check", 10_000))
                .endsWith("; topic not-made-by-a-check does not exist yet: the first start creates it");
        KafkaTopic.ensure(KAFKA.bootstrap(), "made", 5, 10_000);
        assertThat(KafkaSink.check(KAFKA.bootstrap(), "made", 10_000)).endsWith("topic made has 5 partitions");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("not-made-by-a-check");
        }
        java.net.ServerSocket nobody = new java.net.ServerSocket(0);
        String gone = "127.0.0.1:" + nobody.getLocalPort();
        nobody.close(); // a port where nothing listens
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaSink.check(gone, "made", 1500))
                .isInstanceOf(dev.candor.collector.store.StoreException.class)
                .hasMessageContaining(gone);
    }
}
