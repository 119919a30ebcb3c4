package dev.candor.bench.ingest;

import dev.candor.collector.loadgen.LoadReport;
import java.util.Map;

/** One load run and the CPU the server under test used during it, per thread kind, in cores. */
record Measured(LoadReport load, Map<String, Double> serverCores) {
    double eventsPerSecond() {
        return load.eventsPerSecond();
    }

    double serverCoresTotal() {
        return serverCores.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double loadgenCores() {
        return load.seconds() > 0 ? load.cpuSeconds() / load.seconds() : 0;
    }
}
