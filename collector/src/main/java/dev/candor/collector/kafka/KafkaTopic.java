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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Candor's topic when it is missing, so a first collector or loader can start on an empty cluster. */
final class KafkaTopic {
    private KafkaTopic() {}

    /** One Admin call that can fail for a moment after a topic was made. */
    private interface Call<T> {
        T get() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /**
     * {@code call}, asked again while it fails with a retriable error (the broker does not know the
     * new topic yet, or its leaders do not serve it yet) and {@code timeoutMs} has not passed.
     */
    private static <T> T untilReady(Call<T> call, int timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                return call.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50); // a set-up step at start, on the starting thread: nothing else waits
        }
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
        untilReady(() -> admin.listOffsets(ends).all().get(timeoutMs, TimeUnit.MILLISECONDS), timeoutMs);
    }

    /** The topic's partition count; right after creation, the broker that answers may not know it yet. */
    private static int partitionCount(Admin admin, String topic, int timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        return untilReady(
                () -> admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(timeoutMs, TimeUnit.MILLISECONDS)
                        .get(topic)
                        .partitions()
                        .size(),
                timeoutMs);
    }

    /**
     * What a start would find, without creating anything: the brokers' count and the topic's partitions.
     *
     * @throws StoreException when Kafka does not answer within {@code timeoutMs}
     */
    static String describe(String bootstrap, String topic, int timeoutMs) throws StoreException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "candor-check",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                timeoutMs))) {
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .size();
            boolean exists = admin.listTopics()
                    .names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .contains(topic);
            return (brokers == 1 ? "1 broker answers" : brokers + " brokers answer") + "; topic " + topic
                    + (exists
                            ? " has " + partitionCount(admin, topic, timeoutMs) + " partitions"
                            : " does not exist yet: the first start creates it");
        } catch (TimeoutException e) {
            throw new StoreException("cannot reach Kafka at " + bootstrap + " (no answer in " + timeoutMs + " ms)", e);
        } catch (ExecutionException e) {
            throw new StoreException(
                    "Kafka at " + bootstrap + " did not answer ("
                            + e.getCause().getClass().getSimpleName() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while asking Kafka", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("kafka-bootstrap '" + bootstrap + "': " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure {@code topic} exists; creates it with {@code partitions} partitions and up to three
     * replicas (as many as there are brokers) when it does not.
     *
     * @throws StoreException when Kafka does not answer within {@code timeoutMs}
     */
    static void ensure(String bootstrap, String topic, int partitions, int timeoutMs) throws StoreException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "candor-setup",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                timeoutMs))) {
            if (!admin.listTopics()
                    .names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .contains(topic)) {
                int brokers = admin.describeCluster()
                        .nodes()
                        .get(timeoutMs, TimeUnit.MILLISECONDS)
                        .size();
                short replicas = (short) Math.max(1, Math.min(3, brokers));
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replicas)))
                            .all()
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
                throw new StoreException(
                        "cannot reach Kafka at " + bootstrap + " (no answer in " + timeoutMs + " ms)", e);
            }
            throw new StoreException(
                    "Kafka at " + bootstrap + " refused to set up topic " + topic + ": "
                            + e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while setting up Kafka", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("kafka-bootstrap '" + bootstrap + "': " + e.getMessage(), e);
        }
    }
}
