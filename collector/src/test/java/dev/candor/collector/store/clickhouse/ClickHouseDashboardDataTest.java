package dev.candor.collector.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.dashboard.DashboardData;
import dev.candor.collector.dashboard.DayRange;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbBackend;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.testing.ClickHouseExtension;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's pages give the same JSON from a real ClickHouse as from the embedded store, on the same events. */
class ClickHouseDashboardDataTest {
    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @TempDir
    Path dir;

    /** Forge-like events over 40 days: runs with options, exit codes and durations, errors and crashes with stacks. */
    static List<StoredEvent> events() {
        Random r = new Random(11);
        String[] commands = {"build", "test", "run", "pack", "<script>x</script>"};
        String[] countries = {"Germany", "India", "Brazil", "Unknown"};
        String[] types = {
            "java.io.UncheckedIOException", "java.lang.IllegalStateException", "java.lang.NullPointerException"
        };
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            LocalDate day = LocalDate.of(2026, 7, 1).plusDays(r.nextInt(40));
            long micros =
                    day.atTime(r.nextInt(24), r.nextInt(60), r.nextInt(60)).toEpochSecond(ZoneOffset.UTC) * 1_000_000L
                            + r.nextInt(1_000_000);
            int machine = r.nextInt(60);
            String command = commands[r.nextInt(commands.length)];
            String tool = r.nextInt(10) == 0 ? "other-tool" : "forge";
            int kind = r.nextInt(20);
            String event = kind == 0 ? "cli.crash" : kind == 1 ? "cli.error" : "cli.command";
            String properties;
            Integer exit = null;
            Long duration = null;
            if (event.equals("cli.command")) {
                exit = r.nextInt(8) == 0
                        ? Integer.valueOf(r.nextBoolean() ? 1 : 2)
                        : r.nextInt(30) == 0 ? null : Integer.valueOf(0);
                duration = r.nextInt(25) == 0 ? null : Long.valueOf(r.nextInt(3_000));
                properties = switch (r.nextInt(4)) {
                    case 0 -> "{}";
                    case 1 ->
                        "{\"command.options\":[\"--configuration\"],\"command.option.configuration\":\"Release\"}";
                    case 2 -> "{\"command.options\":[\"--configuration\",\"--project\"]}";
                    default -> "{\"command.options\":[\"<img src=x onerror=1>\"],\"host.arch\":\"amd64\"}";
                };
            } else {
                String type = types[r.nextInt(types.length)];
                int line = 20 + r.nextInt(3);
                properties = "{\"exception.type\":\"" + type + "\",\"exception.stacktrace\":\"" + type
                        + "\\n\\tat dev.candor.forge.Cmd.execute(Cmd.java:" + line
                        + ")\\n\\tat picocli.CommandLine.execute(CommandLine.java:2174)\\n\"}";
            }
            out.add(new StoredEvent(
                    UUID.randomUUID(),
                    tool,
                    "1." + (machine % 3),
                    event,
                    micros,
                    micros,
                    machine == 0 ? null : "machine-" + machine,
                    "s" + i,
                    machine % 2 == 0 ? "Linux" : "Windows",
                    "6.1",
                    machine % 2 == 0 ? "linux-x64" : "win-x64",
                    countries[machine % countries.length],
                    command,
                    exit,
                    duration,
                    properties));
        }
        return out;
    }

    @Test
    void everyPageGivesTheSameAnswerFromClickHouseAsFromTheEmbeddedStore() throws Exception {
        List<StoredEvent> events = events();
        try (DuckDbEventStore duck = DuckDbEventStore.open(dir);
                ClickHouseEventStore clickhouse = ClickHouseEventStore.open(CLICKHOUSE.url(), "dashboard_data")) {
            duck.insert(events);
            clickhouse.insert(events);
            clickhouse.insert(events.subList(0, 500)); // a batch a loader replayed: counted once
            DashboardData embedded = new DuckDbBackend(duck).dashboard();
            embedded.refresh();
            DashboardData distributed = new ClickHouseBackend(clickhouse).dashboard();
            assertThat(distributed.refresh()).as("days rolled up").isGreaterThan(40);
            assertThat(distributed.refresh()).as("nothing changed since").isZero();

            assertSameAnswers(embedded, distributed);

            // Another replayed batch after the rollup: its days are recomputed, and still count each event once.
            clickhouse.insert(events.subList(1000, 1200));
            assertThat(distributed.refresh()).as("days of the replayed batch").isPositive();
            assertSameAnswers(embedded, distributed);

            // Erasure of one machine, with events without a machine id beside it (they must stay: ClickHouse 18.16
            // erased them too before its mutation's condition was made null-safe).
            duck.forget("forge", "machine-7");
            clickhouse.forget("forge", "machine-7");
            embedded.refresh();
            assertThat(distributed.refresh())
                    .as("days the machine had events on")
                    .isPositive();
            assertSameAnswers(embedded, distributed);

            // Retention: the raw events before July 20 go, their days stay in the Overview (from daily_usage).
            LocalDate cutoff = LocalDate.of(2026, 7, 20);
            assertThat(clickhouse.deleteRawBefore(cutoff, false))
                    .isEqualTo(duck.deleteRawBefore(cutoff, false))
                    .isPositive();
            embedded.refresh();
            assertThat(distributed.refresh()).as("the days retention emptied").isEqualTo(19 + 19);
            assertSameAnswers(embedded, distributed);

            // Erasure of a machine whose events before the cutoff are only in daily_usage now.
            duck.forget("forge", "machine-8");
            clickhouse.forget("forge", "machine-8");
            embedded.refresh();
            distributed.refresh();
            assertSameAnswers(embedded, distributed);
        }
    }

    @Test
    void aDurationHasTheSameBucketInClickHouseAsInJava() throws Exception {
        List<Long> durations = dev.candor.collector.testing.BucketEdges.durations();
        String array = durations.stream()
                .map(d -> "toInt64(" + d + ")")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        String buckets = new ClickHouseHttp(CLICKHOUSE.url(), "default")
                .query("SELECT " + ClickHouseDashboardRollup.bucketSql("d") + " FROM (SELECT arrayJoin(" + array
                        + ") AS d) FORMAT TabSeparated");
        assertThat(buckets.lines().map(Long::parseLong).toList())
                .isEqualTo(durations.stream()
                        .map(dev.candor.collector.dashboard.DurationHistogram::lowerBound)
                        .toList());
    }

    @Test
    void aStoreWhoseOverviewRollupPredatesTheCommandsRollupGetsEveryDayComputedAgain() throws Exception {
        List<StoredEvent> events = events();
        try (DuckDbEventStore duck = DuckDbEventStore.open(dir)) {
            duck.insert(events);
            DashboardData embedded = new DuckDbBackend(duck).dashboard();
            embedded.refresh();
            try (ClickHouseEventStore clickhouse = ClickHouseEventStore.open(CLICKHOUSE.url(), "dashboard_upgrade")) {
                clickhouse.insert(events);
                new ClickHouseBackend(clickhouse).dashboard().refresh();
                clickhouse.http().query("DROP TABLE dashboard_command_daily"); // as a store of the previous release
            }
            try (ClickHouseEventStore clickhouse = ClickHouseEventStore.open(CLICKHOUSE.url(), "dashboard_upgrade")) {
                DashboardData distributed = new ClickHouseBackend(clickhouse).dashboard();
                DayRange quarter = new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 9));
                assertThat(distributed.overview(quarter))
                        .as("the Overview reads the old rollup until the new one is done")
                        .isEqualTo(embedded.overview(quarter));
                assertThat(distributed.refresh()).as("every day of both tools").isGreaterThan(40);
                assertSameAnswers(embedded, distributed);
                assertThat(distributed.refresh()).isZero();
            }
        }
    }

    private static void assertSameAnswers(DashboardData embedded, DashboardData distributed) throws Exception {
        assertThat(distributed.tools()).isEqualTo(embedded.tools());
        for (DayRange r : List.of(
                new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 9)),
                new DayRange("forge", LocalDate.of(2026, 7, 10), LocalDate.of(2026, 7, 12)),
                new DayRange("other-tool", LocalDate.of(2026, 6, 1), LocalDate.of(2026, 12, 31)))) {
            assertThat(distributed.overview(r)).as("overview %s", r).isEqualTo(embedded.overview(r));
            for (String command : List.of("build", "test", "<script>x</script>", "never-ran")) {
                assertThat(distributed.command(r, command))
                        .as("command %s %s", command, r)
                        .isEqualTo(embedded.command(r, command));
            }
            assertThat(distributed.errors(r)).as("errors %s", r).isEqualTo(embedded.errors(r));
            assertThat(distributed.activeMachines(r))
                    .as("active machines %s", r)
                    .isEqualTo(embedded.activeMachines(r));
            for (String dimension : dev.candor.collector.dashboard.DashboardAnswers.ADOPTION_DIMENSIONS) {
                assertThat(distributed.adoption(r, dimension))
                        .as("adoption by %s %s", dimension, r)
                        .isEqualTo(embedded.adoption(r, dimension));
            }
        }
        assertThat(embedded.overview(new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 9)))
                        .get("totals")
                        .get("events")
                        .asLong())
                .isGreaterThan(2_000);
        var build =
                embedded.command(new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 9)), "build");
        assertThat(build.get("durationMs").get("measured").asLong()).isPositive();
        assertThat(build.get("options")).isNotEmpty();
        assertThat(build.get("byVersion")).hasSize(3);
    }
}
