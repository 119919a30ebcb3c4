package dev.candor.collector.kafka;

import dev.candor.collector.store.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Candor's topic when it is missing, so a first collector or loader can start on an empty cluster. */
final class KafkaTopic {
    private KafkaTopic() {
    }

    /**
     * A new topic's partitions take a moment to be served by their leaders; an idempotent producer that
     * sends before then gets NOT_LEADER, then out-of-order sequence errors until its records expire.
     * Asking each leader for its end offset is the check that it serves the partition.
     */
    private static void awaitLeaders(Admin admin, String topic, int partitions, int timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                admin.listOffsets(ends).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * The topic's partition count. Right after creation, the broker that answers may not know the topic
     * yet (UnknownTopicOrPartition, a retriable error): ask again until it does or the time is up.
     */
    private static int partitionCount(Admin admin, String topic, int timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
                        .get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * Makes sure {@code topic} exists; creates it with {@code partitions} partitions and up to three
     * replicas (as many as there are brokers) when it does not.
     *
     * @throws StoreException when Kafka does not answer within {@code timeoutMs}
     */
    static void ensure(String bootstrap, String topic, int partitions, int timeoutMs) throws StoreException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "candor-setup", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs))) {
            if (!admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).contains(topic)) {
                int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
                short replicas = (short) Math.max(1, Math.min(3, brokers));
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all()
                            .get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            // Also for a topic that exists: it may have been created a moment ago by someone else.
            awaitLeaders(admin, topic, partitionCount(admin, topic, timeoutMs), timeoutMs);
        } catch (TimeoutException e) {
            throw new StoreException("cannot reach Kafka at " + bootstrap + " (no answer in " + timeoutMs + " ms)", e);
        } catch (ExecutionException e) {
            // The Admin's own API timeout equals ours, so which one fires first is a race: both mean no answer.
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new StoreException("cannot reach Kafka at " + bootstrap + " (no answer in " + timeoutMs + " ms)", e);
            }
            throw new StoreException("Kafka at " + bootstrap + " refused to set up topic " + topic + ": "
                    + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while setting up Kafka", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("kafka-bootstrap '" + bootstrap + "': " + e.getMessage(), e);
        }
    }
}
