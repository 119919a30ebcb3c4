package dev.candor.bench;

import java.io.IOException;

/** Where FORGE_TELEMETRY_ENDPOINT points during a scenario. */
interface Endpoint extends AutoCloseable {
    int port();

    @Override
    void close();

    static Endpoint open(Scenario scenario) throws IOException {
        return switch (scenario) {
            case UP -> Recorder.start(0);
            case DOWN -> new Unreachable(ScenarioRunner.freePort());
            case BLACKHOLED -> BlackHole.start();
        };
    }
}
