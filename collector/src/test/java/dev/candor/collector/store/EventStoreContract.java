package dev.candor.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.DuckDbUsageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link EventStore} must do, as Micrometer's compatibility kits: a store passes by
 * subclassing this with how to open an empty one and read its daily aggregate. Readers of the
 * aggregate call {@link EventStore#compactUsage} first, which a store may need to bring it up to date.
 */
public abstract class EventStoreContract {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Quarter Q3 = Quarter.parse("2026-Q3");

    @TempDir
    protected Path dir;

    private EventStore store;

    /** An empty store, closed after the test. */
    protected abstract EventStore openEmptyStore() throws Exception;

    /** How publishing reads this store. */
    protected abstract UsageSource usageSource(EventStore store);

    /** {@code SELECT <expression> FROM daily_usage [WHERE <where>]} as one number, in the store's own SQL. */
    protected abstract long dailyUsage(EventStore store, String expression, String where) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static StoredEvent event(LocalDate day, String machine, String command, int exitCode) {
        long micros = day.atTime(10, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        return new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "1.0",
                "cli.command",
                micros,
                micros + 5,
                machine,
                "s",
                "Linux",
                "6",
                "linux-x64",
                "Germany",
                command,
                exitCode,
                5L,
                "{\"host.arch\":\"x64\"}");
    }

    private long occurrences(String where) throws Exception {
        store.compactUsage();
        return dailyUsage(store, "sum(occurrences)", where);
    }

    @Test
    void storesEachNewEventAndSaysHowManyWereNew() throws Exception {
        List<StoredEvent> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(event(LocalDate.of(2026, 7, 1), "m" + i, "build", 0));
        }
        batch.add(new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "Unknown",
                "cli.crash",
                1_790_000_000_000_000L,
                1_790_000_000_000_000L,
                null,
                null,
                "Unknown",
                "Unknown",
                "Unknown",
                "Unknown",
                null,
                null,
                null,
                "{}"));

        assertThat(store.insert(batch)).isEqualTo(6);
        assertThat(store.count()).isEqualTo(6);
    }

    @Test
    void anEventIdStoredTwiceIsOneEvent() throws Exception {
        List<StoredEvent> batch = List.of(
                event(LocalDate.of(2026, 7, 1), "m", "build", 0), event(LocalDate.of(2026, 7, 1), "m", "build", 1));
        List<StoredEvent> withRepeat = new ArrayList<>(batch);
        withRepeat.add(batch.get(0));

        assertThat(store.insert(withRepeat)).isEqualTo(2);
        assertThat(store.insert(batch))
                .as("a client's retry, or a loader's replay")
                .isZero();
        assertThat(store.insert(List.of(batch.get(1), event(LocalDate.of(2026, 7, 1), "m", "build", 0))))
                .isEqualTo(1);

        assertThat(store.count()).isEqualTo(3);
        assertThat(occurrences("")).isEqualTo(3);
        assertThat(dailyUsage(store, "sum(failures)", "")).isEqualTo(1);
    }

    @Test
    void theDailyAggregateCountsOccurrencesFailuresAndMachinesPerDay() throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(event(LocalDate.of(2026, 7, 1), "a", "build", i == 0 ? 2 : 0));
            events.add(event(LocalDate.of(2026, 7, 2), "b", "build", 0));
        }
        events.add(event(LocalDate.of(2026, 7, 2), null, null, 0));
        store.insert(events);

        assertThat(occurrences("")).isEqualTo(9);
        assertThat(dailyUsage(store, "sum(occurrences)", "day = '2026-07-02'")).isEqualTo(5);
        assertThat(dailyUsage(store, "sum(failures)", "day = '2026-07-01'")).isEqualTo(1);
        assertThat(dailyUsage(store, "sum(occurrences)", "command = ''"))
                .as("no command counts as ''")
                .isEqualTo(1);
        assertThat(dailyUsage(store, "count(*)", ""))
                .as("one row per day, combination and machine")
                .isEqualTo(3);
        store.compactUsage();
        assertThat(dailyUsage(store, "count(*)", ""))
                .as("compacting twice changes nothing")
                .isEqualTo(3);
    }

    @Test
    void eventsWithoutAnExitCodeAreCountedWithoutFailures() throws Exception {
        long micros = LocalDate.of(2026, 7, 3).atTime(9, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        // A crash reported without an exit code, alone in its combination: its row has no exit code at all.
        store.insert(List.of(new StoredEvent(
                UUID.randomUUID(),
                "forge",
                "1.0",
                "cli.crash",
                micros,
                micros,
                "c",
                "s",
                "Linux",
                "6",
                "linux-x64",
                "Germany",
                "build",
                null,
                null,
                "{\"exception.type\":\"java.io.IOException\"}")));

        assertThat(occurrences("event_name = 'cli.crash'")).isEqualTo(1);
        assertThat(dailyUsage(store, "sum(failures)", "event_name = 'cli.crash'"))
                .isZero();
    }

    @Test
    void publishesTheSameFileAsTheEmbeddedStore() throws Exception {
        List<StoredEvent> events = usage(new Random(6));
        store.insert(events.subList(0, events.size() / 2));
        store.insert(events.subList(events.size() / 3, events.size())); // overlaps: a replay in the middle
        store.compactUsage();

        PublishReport here = new QuarterlyPublisher(usageSource(store))
                .publish("forge", Q3, 5, dir.resolve("here"), QuarterlyPublisher.Progress.NONE);
        PublishReport reference;
        try (DuckDbEventStore duck = DuckDbEventStore.open(dir.resolve("reference"));
                Connection c = duck.newReader()) {
            duck.insert(events);
            reference = new QuarterlyPublisher(new DuckDbUsageSource(c))
                    .publish("forge", Q3, 5, dir.resolve("reference-out"), QuarterlyPublisher.Progress.NONE);
        }

        assertThat(reference.rowsGeneralized())
                .as("the input exercises generalization")
                .isPositive();
        assertThat(reference.rowsSuppressed()).as("and suppression").isPositive();
        assertThat(Files.readString(here.file()))
                .isEqualTo(Files.readString(reference.file())); // UTF-8 both: byte for byte
        assertThat(here.summary()).isEqualTo(reference.summary());
    }

    /** A quarter of forge usage, varied enough that some combinations have fewer than k machines. */
    private static List<StoredEvent> usage(Random random) {
        String[] commands = {"build", "test", "run", "pack", "new"};
        String[] countries = {"Germany", "Chile", "Japan", "United States"};
        String[][] systems = {
            {"Linux", "linux-x64", "6.1"},
            {"Linux", "linux-arm64", "6.8"},
            {"Darwin", "osx-arm64", "14.1"},
            {"Windows", "win-x64", "10.0.19045"}
        };
        List<StoredEvent> events = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            String machine = "machine-" + m;
            String country = countries[random.nextInt(countries.length)];
            String[] os = systems[random.nextInt(systems.length)];
            String version = random.nextInt(4) == 0 ? "1.1" : "1.0";
            for (int i = 0; i < 30; i++) {
                LocalDate day = LocalDate.of(2026, 7, 1).plusDays(random.nextInt(120)); // some fall in Q4
                long micros = day.atTime(random.nextInt(24), 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
                String event = random.nextInt(20) == 0 ? "cli.crash" : "cli.command";
                events.add(new StoredEvent(
                        UUID.randomUUID(),
                        random.nextInt(30) == 0 ? "other" : "forge",
                        version,
                        event,
                        micros,
                        micros,
                        m % 17 == 0 ? null : machine,
                        "s" + i,
                        os[0],
                        os[2],
                        os[1],
                        country,
                        commands[random.nextInt(commands.length)],
                        random.nextInt(5) == 0 ? 1 : 0,
                        10L,
                        "{}"));
            }
        }
        return events;
    }

    @Test
    void retentionDeletesOldRawEventsAndKeepsTheirAggregate() throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(TODAY.minusDays(200), "old-" + i, "build", i == 0 ? 1 : 0));
            events.add(event(TODAY.minusDays(3), "new-" + i, "build", 0));
        }
        store.insert(events);

        assertThat(store.deleteRawBefore(TODAY.minusDays(90), true)).isEqualTo(5);
        assertThat(store.count()).isEqualTo(10);
        assertThat(store.deleteRawBefore(TODAY.minusDays(90), false)).isEqualTo(5);

        assertThat(store.count()).isEqualTo(5);
        assertThat(occurrences("")).isEqualTo(10);
        assertThat(dailyUsage(store, "sum(failures)", "")).isEqualTo(1);
        store.rebuildUsage(TODAY.minusDays(90));
        assertThat(occurrences("")).as("rebuilt days plus kept old days").isEqualTo(10);
        assertThat(dailyUsage(store, "count(*)", "")).isEqualTo(10);
    }

    @Test
    void forgettingAMachineErasesItsEventsAndItsShareOfTheAggregate() throws Exception {
        LocalDate day = LocalDate.of(2026, 7, 1);
        store.insert(
                List.of(event(day, "gone", "build", 0), event(day, "gone", "test", 0), event(day, "kept", "build", 0)));
        store.compactUsage();

        assertThat(store.forget("forge", "gone")).isEqualTo(2);
        assertThat(store.forget("other-tool", "kept"))
                .as("only the named tool's machine")
                .isZero();

        assertThat(store.count()).isEqualTo(1);
        assertThat(occurrences("")).isEqualTo(1);
        assertThat(dailyUsage(store, "count(*)", "machine_id = 'gone'")).isZero();
        store.rebuildUsage(day);
        assertThat(dailyUsage(store, "count(*)", "machine_id = 'gone'"))
                .as("not back after a rebuild")
                .isZero();
    }

    /**
     * What distinguishes two daily aggregates with the same totals: how many rows, and the sum of each
     * row's occurrences squared (rows split or merged differently change it).
     */
    private List<Long> fingerprint() throws Exception {
        return List.of(
                dailyUsage(store, "count(*)", ""),
                dailyUsage(store, "sum(occurrences)", ""),
                dailyUsage(store, "sum(failures)", ""),
                dailyUsage(store, "sum(occurrences * occurrences)", ""),
                dailyUsage(store, "sum(failures * occurrences)", ""));
    }

    @Test
    void theAggregateKeptAsEventsArriveEqualsARebuildFromTheRawEvents() throws Exception {
        Random r = new Random(13);
        String[] commands = {"build", "test", "run", null};
        String[] oses = {"Linux", "Darwin", "Windows"};
        List<StoredEvent> previous = List.of();
        for (int b = 0; b < 30; b++) {
            List<StoredEvent> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                LocalDate day = TODAY.minusDays(r.nextInt(12));
                long micros = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L
                        + (long) r.nextInt(86_400) * 1_000_000L
                        + r.nextInt(1_000_000);
                int kind = r.nextInt(10);
                batch.add(new StoredEvent(
                        UUID.randomUUID(),
                        "forge",
                        kind == 0 ? "Unknown" : "1." + r.nextInt(3),
                        kind == 1 ? "cli.crash" : "cli.command",
                        micros,
                        micros + 1000,
                        kind == 2 ? null : "machine-" + r.nextInt(25),
                        "s",
                        oses[r.nextInt(oses.length)],
                        "6",
                        "linux-x64",
                        r.nextBoolean() ? "Germany" : "Unknown",
                        commands[r.nextInt(commands.length)],
                        kind == 3 ? null : (r.nextInt(6) == 0 ? 1 : 0),
                        5L,
                        "{}"));
            }
            // Retries and replays: some of the last batch again, in a batch of new ones.
            batch.addAll(previous.subList(0, Math.min(previous.size(), r.nextInt(10))));
            store.insert(batch);
            previous = batch;
            if (b == 15) {
                store.forget("forge", "machine-3");
            }
            if (b % 10 == 9) {
                store.compactUsage();
            }
        }
        store.compactUsage();
        List<Long> kept = fingerprint();

        store.rebuildUsage(TODAY.minusDays(40));

        assertThat(fingerprint())
                .as("rows, occurrences, failures, and how they are split")
                .isEqualTo(kept);
        assertThat(kept.get(1)).isEqualTo(store.count());
    }
}
