package dev.candor.bench;

import java.io.IOException;
import java.nio.file.Path;

/** Where FORGE_TELEMETRY_ENDPOINT points during a scenario. */
interface Endpoint extends AutoCloseable {
    int port();

    /** The URL forge is given. */
    default String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    void close();

    static Endpoint open(Scenario scenario, Path dir) throws IOException {
        return switch (scenario) {
            case HTTPS -> Collector.start(dir, true);
            case HTTP -> Collector.start(dir, false);
            case DOWN -> new Unreachable(ScenarioRunner.freePort());
            case BLACKHOLED -> BlackHole.start();
        };
    }
}
