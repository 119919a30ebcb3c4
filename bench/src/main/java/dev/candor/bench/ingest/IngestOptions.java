package dev.candor.bench.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link IngestBenchmark}; see {@link #USAGE}. */
record IngestOptions(
        int seconds,
        int repeats,
        int warmupSeconds,
        int halfSeconds,
        int connections,
        double storageSeconds,
        List<String> serverJavaOptions,
        Path out,
        String label,
        boolean help) {
    static final String USAGE = """
            usage: bench/run-ingest.sh [options]
              --seconds N            length of each max-rate run (default 20)
              --repeats N            max-rate runs of the collector and of the HTTP ceiling, and storage-ceiling runs (default 3)
              --warmup N             seconds of unmeasured load before the first run of each server (default 8)
              --half-seconds N       length of the run paced at half the collector's max rate (default 25)
              --connections N        load-generator connections (default 16)
              --storage-seconds N    insert time per storage-ceiling run (default 5)
              --server-java-opts S   extra JVM options for both servers, space separated (e.g. a JFR recording)
              --out FILE             also write the markdown report there
              --label TEXT           what was measured (the script passes the commit)""";

    static IngestOptions parse(String[] args) {
        int seconds = 20;
        int repeats = 3;
        int warmup = 8;
        int half = 25;
        int connections = 16;
        double storage = 5;
        List<String> javaOptions = new ArrayList<>();
        Path out = null;
        String label = "";
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-h") || name.equals("--help")) {
                return new IngestOptions(
                        seconds, repeats, warmup, half, connections, storage, javaOptions, out, label, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--seconds" -> seconds = atLeast(name, value, 1);
                case "--repeats" -> repeats = atLeast(name, value, 1);
                case "--warmup" -> warmup = atLeast(name, value, 0);
                case "--half-seconds" -> half = atLeast(name, value, 1);
                case "--connections" -> connections = atLeast(name, value, 1);
                case "--storage-seconds" -> storage = atLeast(name, value, 1);
                case "--server-java-opts" ->
                    javaOptions =
                            value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                case "--out" -> out = Path.of(value);
                case "--label" -> label = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new IngestOptions(seconds, repeats, warmup, half, connections, storage, javaOptions, out, label, false);
    }

    private static int atLeast(String name, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
        }
    }
}
