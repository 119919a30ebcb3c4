package dev.candor.collector.cli;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.backup.Backup;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.server.AdminSocket;
import dev.candor.collector.server.Backends;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candor backup}: a consistent copy of a data folder, from a running collector (through its
 * admin socket, so the process that holds the store makes the copy) or from a stopped one.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        header = "Backs up a data folder: the store, the server secret, the token hash, the published files.",
        description = {
            "Backs up a data folder: the store, the server secret, the token hash, the published files.",
            "A running collector makes the copy itself (ingest waits only for the file copy); a stopped"
                    + " one's store is opened here, its journal replayed first."
        })
public final class BackupCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "a new folder for the backup")
    Path out;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = store.load(Map.of());
        if (cfg.store() != CollectorConfig.StoreKind.DUCKDB) {
            throw new ConfigException("backup covers the embedded store's data folder; back ClickHouse up with its"
                    + " own tools (BACKUP, clickhouse-backup), and the collectors' data-dir with this command"
                    + " without --store");
        }
        Path dataDir = cfg.dataDir();
        if (!Files.isDirectory(dataDir)) {
            throw new ConfigException(
                    "data-dir: " + dataDir + " does not exist; give the collector's --data-dir or --config");
        }
        Path target = out.toAbsolutePath().normalize();
        Backup.Result result;
        if (Files.exists(dataDir.resolve(AdminSocket.FILE_NAME)) && running(dataDir)) {
            String answer = AdminSocket.ask(dataDir, "backup " + target);
            if (!answer.startsWith("ok ")) {
                spec.commandLine()
                        .getErr()
                        .println("candor: the collector could not back up: "
                                + (answer.startsWith("error ") ? answer.substring(6) : answer));
                return 1;
            }
            spec.commandLine().getOut().println("backup (by the running collector): " + answer.substring(3));
            return 0;
        }
        try (Backend backend = Backends.open(cfg)) {
            if (!(backend.events() instanceof DuckDbEventStore duck)) {
                throw new StoreException("no embedded store in " + dataDir);
            }
            result = Backup.write(dataDir, target, duck::snapshotTo, CollectorServer.VERSION);
        }
        spec.commandLine().getOut().println("backup (of the stopped store): " + result.summary());
        return 0;
    }

    /** Whether a collector answers on the socket (a file left by a crash has nobody behind it). */
    private static boolean running(Path dataDir) {
        try {
            AdminSocket.ask(dataDir, "ping");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
