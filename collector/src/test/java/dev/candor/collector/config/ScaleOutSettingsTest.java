package dev.candor.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The settings of the Kafka sink and the ClickHouse store: checked at build time, one line each. */
class ScaleOutSettingsTest {
    private static CollectorConfig.Builder kafka() {
        return CollectorConfig.builder()
                .set(Setting.SINK, "kafka")
                .set(Setting.KAFKA_BOOTSTRAP, "kafka1:9092,kafka2:9092");
    }

    @Test
    void theDefaultsAreTheEmbeddedStoreAndTheJournal() {
        CollectorConfig c = CollectorConfig.builder().build();

        assertThat(c.sink()).isEqualTo(CollectorConfig.SinkKind.STORE);
        assertThat(c.store()).isEqualTo(CollectorConfig.StoreKind.DUCKDB);
        assertThat(c.kafkaTopic()).isEqualTo("candor-events");
        assertThat(c.clickhouseDatabase()).isEqualTo("candor");
    }

    @Test
    void aKafkaSinkNeedsBrokersAsHostAndPort() {
        assertThat(kafka().build().kafkaBootstrap()).isEqualTo("kafka1:9092,kafka2:9092");
        assertThatThrownBy(() ->
                        CollectorConfig.builder().set(Setting.SINK, "kafka").build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("kafka-bootstrap (CANDOR_KAFKA_BOOTSTRAP) is needed with Kafka: HOST:PORT[,HOST:PORT...]");
        assertThatThrownBy(() -> kafka().set(Setting.KAFKA_BOOTSTRAP, "kafka1").build())
                .hasMessage("kafka-bootstrap (CANDOR_KAFKA_BOOTSTRAP): 'kafka1' is not HOST:PORT[,HOST:PORT...]");
        assertThatThrownBy(() -> kafka().set(Setting.SINK, "s3").build())
                .hasMessage("sink (CANDOR_SINK): 's3' is not store or kafka");
        assertThatThrownBy(() -> kafka().set(Setting.KAFKA_TOPIC, "a topic").build())
                .hasMessage(
                        "kafka-topic (CANDOR_KAFKA_TOPIC): 'a topic' is not a Kafka topic name (letters, digits, . _ -)");
    }

    @Test
    void autoPublishingNeedsTheEmbeddedStore() {
        assertThatThrownBy(() -> kafka().set(Setting.AUTO_PUBLISH, "true").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auto-publish needs the embedded store");
    }

    @Test
    void theClickHouseDatabaseIsAPlainName() {
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .set(Setting.CLICKHOUSE_DATABASE, "x; DROP TABLE events")
                        .build())
                .hasMessage(
                        "clickhouse-database (CANDOR_CLICKHOUSE_DATABASE): 'x; DROP TABLE events' is not a plain name"
                                + " (letters, digits, _)");
    }
}
