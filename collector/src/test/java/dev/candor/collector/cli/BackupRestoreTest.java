package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.CandorRun;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code candor backup} of a running collector while events keep arriving, {@code candor restore} into
 * a new folder, and a collector started on it: the same events, the same server secret (so machine ids
 * go on matching) and the same admin token. A damaged backup or a folder that holds a store is refused.
 */
class BackupRestoreTest {
    @TempDir
    Path dir;

    private static final String KEY = "forge-public-ingest-key";

    private static List<UUID> post(CollectorServer server, int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
        }
        assertThat(Http.postLogs(server.baseUri(), KEY, OtlpBodies.commands("forge", "backup-machine", ids, "build"))
                        .statusCode())
                .isEqualTo(200);
        return ids;
    }

    @Test
    void aRunningCollectorIsBackedUpWhileItIngestsAndRestoresWhole() throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backups/monday");
        Path restored = dir.resolve("restored");
        long before;
        AtomicInteger during = new AtomicInteger();
        try (CollectorServer server = TestCollector.start(data)) {
            for (int i = 0; i < 20; i++) {
                post(server, 50);
            }
            before = 1000;
            AtomicBoolean stop = new AtomicBoolean();
            Thread traffic = new Thread(() -> {
                while (!stop.get()) {
                    post(server, 10);
                    during.addAndGet(10);
                }
            });
            traffic.start();
            CandorRun run;
            try {
                run = CandorRun.of("backup", "--data-dir", data.toString(), "--out", backup.toString());
            } finally {
                stop.set(true);
                traffic.join();
            }
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("backup (by the running collector): ");
            assertThat(StoreQueries.count(server, "")).isEqualTo(before + during.get());
        }
        assertThat(Files.list(backup).map(p -> p.getFileName().toString()).toList())
                .contains("candor.duckdb", "server.secret", "admin-token.sha256", "candor-backup.json")
                .doesNotContain("journal", "admin.sock");
        assertThat(dir.resolve("backups/monday.partial")).doesNotExist();

        CandorRun restore = CandorRun.of("restore", "--from", backup.toString(), "--data-dir", restored.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(Files.readAllBytes(restored.resolve("server.secret")))
                .isEqualTo(Files.readAllBytes(data.resolve("server.secret")));
        assertThat(Files.readAllBytes(restored.resolve("admin-token.sha256")))
                .isEqualTo(Files.readAllBytes(data.resolve("admin-token.sha256")));
        try (CollectorServer again = TestCollector.start(restored)) {
            long count = StoreQueries.count(again, "");
            assertThat(count)
                    .as("everything acknowledged before the backup, and nothing half-written")
                    .isBetween(before, before + during.get());
            assertThat(restore.out()).contains(String.format("%,d events", count));
            // The same secret: the same machine hashes to the same id as before the restore.
            post(again, 1);
            assertThat(StoreQueries.rows(again, "SELECT count(DISTINCT machine_id) FROM events")
                            .toString())
                    .isEqualTo("[[1]]");
        }
    }

    @Test
    void aStoppedStoreIsBackedUpTooAndADamagedBackupOrATakenFolderIsRefused() throws Exception {
        Path data = dir.resolve("data");
        try (CollectorServer server = TestCollector.start(data)) {
            post(server, 7);
        }
        Path backup = dir.resolve("b");
        CandorRun run = CandorRun.of("backup", "--data-dir", data.toString(), "--out", backup.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("backup (of the stopped store): 7 events");

        CandorRun again = CandorRun.of("backup", "--data-dir", data.toString(), "--out", backup.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists and is not an empty folder");

        CandorRun onto = CandorRun.of("restore", "--from", backup.toString(), "--data-dir", data.toString());
        assertThat(onto.exit()).isEqualTo(2);
        assertThat(onto.err()).contains("holds candor.duckdb already");

        byte[] store = Files.readAllBytes(backup.resolve("candor.duckdb"));
        store[store.length / 2] ^= 0x5a;
        Files.write(backup.resolve("candor.duckdb"), store);
        Path fresh = dir.resolve("fresh");
        CandorRun damaged = CandorRun.of("restore", "--from", backup.toString(), "--data-dir", fresh.toString());
        assertThat(damaged.exit()).isEqualTo(2);
        assertThat(damaged.err())
                .contains("candor.duckdb is missing or damaged")
                .contains("nothing was restored");
        assertThat(fresh).doesNotExist();

        CandorRun notABackup = CandorRun.of("restore", "--from", data.toString(), "--data-dir", fresh.toString());
        assertThat(notABackup.exit()).isEqualTo(2);
        assertThat(notABackup.err()).contains("is not a Candor backup");
    }
}
