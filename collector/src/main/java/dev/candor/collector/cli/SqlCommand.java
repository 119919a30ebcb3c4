package dev.candor.collector.cli;

import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.Setting;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.ReadOnlyStore;
import dev.candor.collector.store.journal.JournalReplay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor sql}: a read-only query on a stopped store, printed as TSV with a header. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one read-only SQL query on a stopped store and prints TSV with a header.",
            "NULL prints as an empty field; tabs, newlines and backslashes in values as \\t, \\n, \\\\."
        })
public final class SqlCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "store folder (default ./candor-data, or the config's data-dir)")
    Path dataDir;

    @Option(names = "--config", description = "the collector's config file, for its data-dir")
    Path config;

    @Parameters(paramLabel = "QUERY", description = "e.g. \"SELECT command, count(*) FROM events GROUP BY 1\"")
    String query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        if (dataDir != null) {
            flags.put(Setting.DATA_DIR, dataDir.toString());
        }
        Path dataDir =
                CollectorConfig.load(flags, List.of(), config, System.getenv()).dataDir();
        try (ReadOnlyStore store = ReadOnlyStore.open(dataDir.resolve(DuckDbEventStore.FILE_NAME))) {
            int waiting = JournalReplay.segmentsWaiting(dataDir);
            if (waiting > 0) {
                spec.commandLine()
                        .getErr()
                        .println("note: the journal holds " + waiting + " segment(s) of events not in"
                                + " the store yet (the collector did not stop cleanly); the next start of the collector, or"
                                + " 'candor aggregate', replays them");
                spec.commandLine().getErr().flush();
            }
            store.query(query, out);
        }
        out.flush();
        return 0;
    }
}
