package dev.candor.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.store.clickhouse.ClickHouseEventStore;
import dev.candor.collector.testing.Eventually;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/OPERATIONS.md "Try it on one machine", followed as an operator would: packaging/trial's
 * kafka.sh (a real Apache Kafka broker, fetched with Maven) and clickhouse.sh (Debian's ClickHouse),
 * a collector from trial/collector.conf, a loader from trial/loader.conf, events in, events in
 * ClickHouse. Only the ports differ from the page's (free ones, so CI can run beside anything).
 */
class ScaleOutTrialTest {
    private static final Path TRIAL =
            Path.of("../packaging/trial").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process script(String name, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(TRIAL.resolve(name).toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void fromNothingToEventsInClickHouseWithTheTrialScriptsAndConfigs() throws Exception {
        int kafkaPort = freePort();
        int controllerPort = freePort();
        int clickhousePort = freePort();
        int clickhouseTcp = freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        URI clickhouse = URI.create("http://127.0.0.1:" + clickhousePort);
        Process kafka = null;
        Process ch = null;
        Process loader = null;
        try {
            kafka = script(
                    "kafka.sh",
                    dir.resolve("kafka.log"),
                    "--port",
                    Integer.toString(kafkaPort),
                    "--controller-port",
                    Integer.toString(controllerPort));
            ch = script(
                    "clickhouse.sh",
                    dir.resolve("clickhouse.log"),
                    "--port",
                    Integer.toString(clickhousePort),
                    "--tcp-port",
                    Integer.toString(clickhouseTcp));
            Process k = kafka;
            Process c = ch;
            Eventually.within(Duration.ofMinutes(4), "the broker listening", () -> {
                assertThat(k.isAlive())
                        .as(Files.readString(dir.resolve("kafka.log")))
                        .isTrue();
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", kafkaPort)) {
                    return s.isConnected();
                } catch (IOException notYet) {
                    return false;
                }
            });
            Eventually.within(Duration.ofMinutes(1), "ClickHouse answering", () -> {
                assertThat(c.isAlive())
                        .as(Files.readString(dir.resolve("clickhouse.log")))
                        .isTrue();
                try {
                    return Http.text(Http.get(clickhouse, "/ping")).startsWith("Ok.");
                } catch (RuntimeException notYet) {
                    return false;
                }
            });

            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            flags.put(Setting.PORT, "0");
            flags.put(Setting.KAFKA_BOOTSTRAP, bootstrap);
            flags.put(Setting.CLICKHOUSE_URL, clickhouse.toString());
            flags.put(Setting.DATA_DIR, dir.resolve("collector").toString());
            CollectorConfig config = CollectorConfig.load(flags, List.of(), TRIAL.resolve("collector.conf"), Map.of());
            assertThat(config.sink()).isEqualTo(CollectorConfig.SinkKind.KAFKA);

            loader = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.candor.collector.Candor",
                            "load",
                            "--from",
                            "kafka",
                            "--to",
                            "clickhouse",
                            "--config",
                            TRIAL.resolve("loader.conf").toString(),
                            "--kafka-bootstrap",
                            bootstrap,
                            "--clickhouse-url",
                            clickhouse.toString(),
                            "--max-wait-ms",
                            "100")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("load.log").toFile())
                    .start();
            List<UUID> ids = new ArrayList<>();
            try (CollectorServer collector = CollectorServer.start(config)) {
                for (int i = 0; i < 50; i++) {
                    ids.add(UUID.randomUUID());
                }
                assertThat(Http.postLogs(
                                        collector.baseUri(),
                                        "forge-public-ingest-key",
                                        OtlpBodies.commands("forge", "trial-machine", ids, "build"))
                                .statusCode())
                        .isEqualTo(200);
            }
            try (ClickHouseEventStore store = ClickHouseEventStore.open(clickhouse, "candor")) {
                Process l = loader;
                Eventually.within(Duration.ofMinutes(2), "the events in ClickHouse", () -> {
                    assertThat(l.isAlive())
                            .as(Files.readString(dir.resolve("load.log")))
                            .isTrue();
                    return store.count() == ids.size();
                });
            }
            // ClickHouse has them before the loader commits their offsets and says so.
            Eventually.within(
                    Duration.ofSeconds(30),
                    "the loader reporting its batch",
                    () -> Files.readString(dir.resolve("load.log"))
                            .contains("load: batch of 50 records: 50 new events"));
        } finally {
            stop(loader);
            stop(kafka);
            stop(ch);
        }
    }
}
