package dev.candor.collector.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.TsvFormat;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.testing.CandorRun;
import dev.candor.collector.testing.ClickHouseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish}, {@code aggregate} and {@code retention} with {@code --store clickhouse}, on a real server. */
class ClickHouseCommandsTest {
    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @TempDir
    Path dir;

    private String[] args(String database, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(
                "--store",
                "clickhouse",
                "--clickhouse-url",
                CLICKHOUSE.url().toString(),
                "--clickhouse-database",
                database,
                "--data-dir",
                dir.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void publishesAggregatesAndAppliesRetentionOnClickHouse() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long micros = today.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        List<StoredEvent> events = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            for (int i = 0; i < 3; i++) {
                events.add(new StoredEvent(
                        UUID.randomUUID(),
                        "forge",
                        "1.0",
                        "cli.command",
                        micros,
                        micros,
                        "machine-" + m,
                        "s",
                        "Linux",
                        "6",
                        "linux-x64",
                        "Germany",
                        "build",
                        0,
                        5L,
                        "{}"));
            }
        }
        try (ClickHouseEventStore store = ClickHouseEventStore.open(CLICKHOUSE.url(), "commands")) {
            store.insert(events);
        }
        String quarter = Quarter.of(today).toString();

        CandorRun publish =
                CandorRun.of(args("commands", "publish", "--tool", "forge", "--quarter", quarter, "--force"));
        CandorRun aggregate = CandorRun.of(args("commands", "aggregate"));
        CandorRun retention = CandorRun.of(args("commands", "retention", "--dry-run"));

        assertThat(publish.exit()).as(publish.err()).isZero();
        assertThat(publish.out()).contains("1 rows").contains("36 occurrences published, 0 left out");
        Path file = dir.resolve("published").resolve(Quarter.parse(quarter).fileName("forge"));
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo(TsvFormat.HEADER);
        assertThat(aggregate.out()).startsWith("daily_usage recomputed from the raw events kept: 12 rows");
        assertThat(retention.out())
                .startsWith("would delete 0 raw events from before")
                .contains("36 raw events stored");
    }

    @Test
    void publishFromClickHouseNeedsAFolderAndNeverPicksTheWorkingDirectory() {
        CandorRun run = CandorRun.of(
                "publish",
                "--tool",
                "forge",
                "--quarter",
                "2026-Q1",
                "--store",
                "clickhouse",
                "--clickhouse-url",
                CLICKHOUSE.url().toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("candor: publish --store clickhouse: give --out FOLDER");
        assertThat(Path.of("candor-data", "published")).doesNotExist();
    }

    @Test
    void anUnreachableOrMisspeltClickHouseIsOneLine() {
        CandorRun refused = CandorRun.of(
                "aggregate",
                "--store",
                "clickhouse",
                "--clickhouse-url",
                "http://127.0.0.1:1",
                "--data-dir",
                dir.toString());
        CandorRun noUrl = CandorRun.of("aggregate", "--store", "clickhouse", "--data-dir", dir.toString());
        CandorRun badUrl = CandorRun.of(
                "aggregate",
                "--store",
                "clickhouse",
                "--clickhouse-url",
                "127.0.0.1:8123",
                "--data-dir",
                dir.toString());
        CandorRun badStore = CandorRun.of("aggregate", "--store", "mysql", "--data-dir", dir.toString());
        CandorRun loadIntoDuckDb = CandorRun.of(
                "load",
                "--from",
                "kafka",
                "--to",
                "clickhouse",
                "--store",
                "duckdb",
                "--kafka-bootstrap",
                "127.0.0.1:9092",
                "--data-dir",
                dir.toString());

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err())
                .isEqualTo("candor: cannot reach ClickHouse at http://127.0.0.1:1 (connection refused)\n");
        assertThat(noUrl.err())
                .isEqualTo("candor: clickhouse-url (CANDOR_CLICKHOUSE_URL) is needed with store clickhouse:"
                        + " http://HOST:8123\n");
        assertThat(badUrl.err())
                .isEqualTo(
                        "candor: clickhouse-url (--clickhouse-url): '127.0.0.1:8123' is not" + " http://HOST:PORT\n");
        assertThat(badStore.err()).isEqualTo("candor: store (--store): 'mysql' is not duckdb or clickhouse\n");
        // load writes to ClickHouse only: it has no --store or --data-dir to get wrong, and says so briefly.
        assertThat(loadIntoDuckDb.exit()).isEqualTo(2);
        assertThat(loadIntoDuckDb.err())
                .startsWith("candor load: Unknown option")
                .contains("'--store'")
                .endsWith("see 'candor load --help'\n");
        assertThat(loadIntoDuckDb.err().lines()).hasSizeLessThanOrEqualTo(3);
        assertThat(CandorRun.of("load", "--help").out()).doesNotContain("--store", "--data-dir");
    }
}
