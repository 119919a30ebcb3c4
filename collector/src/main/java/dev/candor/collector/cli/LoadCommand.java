package dev.candor.collector.cli;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.kafka.KafkaLoader;
import dev.candor.collector.server.Backends;
import dev.candor.collector.store.EventStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor load --from kafka --to clickhouse}: one loader of the consumer group, until stopped. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        header = "Moves events from Kafka into ClickHouse (a scale-out loader).",
        description = {
            "Moves events from Kafka into ClickHouse as a member of the consumer group candor-loaders:",
            "large batches over ClickHouse's HTTP interface, offsets committed after ClickHouse accepted them.",
            "Run as many as there are partitions to share (kafka-partitions). Ctrl-C finishes the batch in hand."
        })
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "kafka (the only source)")
    String from;

    @Option(names = "--to", required = true, description = "clickhouse (the only target)")
    String to;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]", description = "Kafka brokers")
    String kafkaBootstrap;

    @Option(names = "--batch-events", description = "events in one ClickHouse insert (default 50000)")
    int batchEvents = 50_000;

    @Option(names = "--max-wait-ms", description = "longest an event waits for its batch to fill (default 2000)")
    int maxWaitMs = 2000;

    @Option(names = "--clickhouse-url", description = "ClickHouse's HTTP interface, http://HOST:8123")
    String clickhouseUrl;

    @Option(names = "--clickhouse-database", description = "ClickHouse database (default candor)")
    String clickhouseDatabase;

    @Option(
            names = "--metrics-port",
            description = "serve /metrics and /healthz on this port (0: any free one; default: not served)")
    Integer metricsPort;

    @Option(names = "--metrics-host", description = "address for --metrics-port (default 127.0.0.1)")
    String metricsHost = "127.0.0.1";

    @Option(names = "--config", description = "config file of 'key = value' lines (kafka-*, clickhouse-*)")
    java.nio.file.Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!from.equals("kafka") || !to.equals("clickhouse")) {
            throw new ConfigException("load: only --from kafka --to clickhouse is supported");
        }
        if (batchEvents < 1 || maxWaitMs < 1) {
            throw new ConfigException("load: --batch-events and --max-wait-ms must be positive");
        }
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.STORE, "clickhouse");
        if (kafkaBootstrap != null) {
            flags.put(Setting.KAFKA_BOOTSTRAP, kafkaBootstrap);
        }
        if (clickhouseUrl != null) {
            flags.put(Setting.CLICKHOUSE_URL, clickhouseUrl);
        }
        if (clickhouseDatabase != null) {
            flags.put(Setting.CLICKHOUSE_DATABASE, clickhouseDatabase);
        }
        CollectorConfig cfg = CollectorConfig.load(flags, java.util.List.of(), config, System.getenv());
        dev.candor.collector.logging.CandorLogging.format(cfg.logFormat());
        PrintWriter out = spec.commandLine().getOut();
        try (Backend backend = Backends.open(cfg)) {
            EventStore target = backend.events();
            long started = System.nanoTime();
            KafkaLoader loader = KafkaLoader.start(
                    cfg.kafkaBootstrap(),
                    cfg.kafkaTopic(),
                    cfg.kafkaPartitions(),
                    cfg.kafkaTimeoutMs(),
                    target,
                    batchEvents,
                    Duration.ofMillis(maxWaitMs),
                    (records, fresh, erasures, total, lag) -> out.printf(
                            "load: batch of %,d records: %,d new events,"
                                    + " %,d erasures; %,d events in %.0f s, lag %,d%n",
                            records, fresh, erasures, total, (System.nanoTime() - started) / 1e9, lag));
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        loader.close();
                        try {
                            finished.await();
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "candor-load-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            dev.candor.collector.kafka.LoaderEndpoint endpoint = null;
            if (metricsPort != null) {
                dev.candor.collector.server.ListenCheck.check(metricsHost, metricsPort);
                endpoint = dev.candor.collector.kafka.LoaderEndpoint.start(
                        metricsHost, metricsPort, loader, dev.candor.collector.server.CollectorServer.VERSION);
                out.println("load: /metrics and /healthz on " + endpoint.uri());
            }
            out.println("load: from Kafka " + cfg.kafkaBootstrap() + " topic " + cfg.kafkaTopic() + " to ClickHouse "
                    + cfg.clickhouseUrl() + " database " + cfg.clickhouseDatabase() + "; Ctrl-C stops");
            try {
                loader.run();
            } finally {
                if (endpoint != null) {
                    endpoint.close();
                }
                finished.countDown();
            }
            out.println("load: stopped after the batch in hand");
        }
        return 0;
    }
}
