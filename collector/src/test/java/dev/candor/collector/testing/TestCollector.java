package dev.candor.collector.testing;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Starts a real collector on 127.0.0.1 and a free port, with its store in a test's temp folder. */
public final class TestCollector {
    private TestCollector() {}

    public static CollectorServer start(Path dataDir) throws Exception {
        return start(dataDir, b -> b);
    }

    public static CollectorServer start(Path dataDir, UnaryOperator<CollectorConfig.Builder> settings)
            throws Exception {
        CollectorConfig.Builder b = CollectorConfig.builder()
                .set(Setting.HOST, "127.0.0.1")
                .set(Setting.PORT, "0")
                .dataDir(dataDir);
        return CollectorServer.start(settings.apply(b).build());
    }
}
