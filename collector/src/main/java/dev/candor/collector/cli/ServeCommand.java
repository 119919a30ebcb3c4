package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.dashboard.AdminToken;
import dev.candor.collector.server.CollectorServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code candor serve}: runs the collector until it is stopped (Ctrl-C or SIGTERM), then shuts down gracefully. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the collector: OTLP/HTTP ingest on /v1/logs, erasure on /v1/forget, /healthz, /metrics.",
            "Every setting also has a config-file key and a CANDOR_* environment variable (docs/OPERATIONS.md)."
        })
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port (default 4318; 0 picks a free one)")
    Integer port;

    @Option(names = "--host", description = "address to listen on (default 127.0.0.1)")
    String host;

    @Option(names = "--data-dir", description = "store folder (default ./candor-data)")
    Path dataDir;

    @Option(names = "--config", description = "config file of 'key = value' lines")
    Path config;

    @Option(names = "--sink", description = "store (default: journal, then the embedded store) or kafka (stateless)")
    String sink;

    @Option(
            names = "--kafka-bootstrap",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers, with --sink kafka")
    String kafkaBootstrap;

    @Option(
            names = "--tool",
            paramLabel = "ID:KEY[:CATALOG.json]",
            description = "a tool allowed to send, with its ingest key and optional catalog (repeatable)")
    List<String> tools = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = CollectorConfig.load(flags(), tools, config, System.getenv());
        CollectorServer server = CollectorServer.start(cfg);
        Thread hook = new Thread(server::close, "candor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Hangup.onSignal(() -> reload(server));
        System.out.println("Candor collector on " + server.baseUri().toString().replace("127.0.0.1", cfg.host())
                + (cfg.sink() == CollectorConfig.SinkKind.KAFKA
                        ? " (events to Kafka topic " + cfg.kafkaTopic() + ")"
                        : " (data in " + cfg.dataDir() + ")")
                + ". Ctrl-C stops it.");
        System.out.println("Dashboard: " + server.baseUri().toString().replace("127.0.0.1", cfg.host()) + "/  "
                + tokenNotice(server, cfg));
        server.join();
        return 0;
    }

    /**
     * SIGHUP: reads the configuration again (file, flags and this process's environment) and puts its
     * tools, keys and catalogs in use; a configuration that does not load is logged and changes nothing.
     */
    private void reload(CollectorServer server) {
        try {
            server.reloadTools(CollectorConfig.load(flags(), tools, config, System.getenv()));
        } catch (dev.candor.collector.config.ConfigException e) {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class)
                    .error("reload refused, the tools in use are unchanged: {}", e.getMessage());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class)
                    .error(
                            "reload failed, the tools in use are unchanged: {}",
                            e.getClass().getSimpleName());
        }
    }

    /** How to log in to the dashboard: the token itself only on the start that generated it. */
    static String tokenNotice(CollectorServer server, CollectorConfig cfg) {
        if (server.generatedAdminToken().isPresent()) {
            return "admin token (shown this once, only its hash is kept): "
                    + server.generatedAdminToken().get();
        }
        if (cfg.adminToken().isPresent()) {
            return "log in with the configured admin-token";
        }
        return "log in with the admin token printed at the first start (delete "
                + cfg.dataDir().resolve(AdminToken.FILE_NAME) + " to have a new one generated)";
    }

    private Map<Setting, String> flags() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        if (port != null) {
            flags.put(Setting.PORT, port.toString());
        }
        if (host != null) {
            flags.put(Setting.HOST, host);
        }
        if (dataDir != null) {
            flags.put(Setting.DATA_DIR, dataDir.toString());
        }
        if (sink != null) {
            flags.put(Setting.SINK, sink);
        }
        if (kafkaBootstrap != null) {
            flags.put(Setting.KAFKA_BOOTSTRAP, kafkaBootstrap);
        }
        return flags;
    }
}
