package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.DuckDbUsageSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarterlyPublisherTest {
    @TempDir
    Path dir;

    private final List<StoredEvent> events = new ArrayList<>();
    private boolean inserted;

    private void runs(
            int times,
            String machine,
            String date,
            String command,
            String country,
            String os,
            String runtime,
            String osVersion,
            String version) {
        runs(times, "forge", "cli.command", machine, date, command, country, os, runtime, osVersion, version);
    }

    private void runs(
            int times,
            String tool,
            String event,
            String machine,
            String date,
            String command,
            String country,
            String os,
            String runtime,
            String osVersion,
            String version) {
        long micros = LocalDate.parse(date).atTime(12, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        for (int i = 0; i < times; i++) {
            events.add(new StoredEvent(
                    UUID.randomUUID(),
                    tool,
                    version,
                    event,
                    micros + i,
                    micros,
                    machine,
                    "s",
                    os,
                    osVersion,
                    runtime,
                    country,
                    command,
                    0,
                    10L,
                    "{}"));
        }
    }

    private PublishReport publish(int k) throws Exception {
        return publish(k, Period.DAY);
    }

    private PublishReport publish(int k, Period period) throws Exception {
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            if (!inserted) {
                store.insert(events);
                inserted = true;
            }
            try (Connection c = store.newReader()) {
                return new QuarterlyPublisher(new DuckDbUsageSource(c))
                        .publish(
                                "forge",
                                Quarter.parse("2026-Q3"),
                                k,
                                period,
                                dir.resolve("published"),
                                QuarterlyPublisher.Progress.NONE);
            }
        }
    }

    @Test
    void writesTheDotnetFormatToTheLetter() throws Exception {
        for (String m : List.of("a", "b", "c")) {
            runs(m.equals("a") ? 3 : 1, m, "2026-07-01", "build", "Germany", "Linux", "linux-x64", "6.1", "1.0");
        }
        runs(2, "d", "2026-07-01", "build", "Germany", "Linux", "linux-x64", "6.2", "1.0");
        runs(1, "e", "2026-07-01", "build", "Germany", "Linux", "linux-x64", "6.3", "1.0");
        runs(1, "f", "2026-07-01", "build", "Germany", "Linux", "linux-x64", "6.3", "1.0");
        runs(1, "g", "2026-07-02", "pack", "Chile", "Darwin", "osx-arm64", "14.1", "1.0");
        for (String m : List.of("h", "i", "j")) {
            runs(1, m, "2026-07-03", "test", "United States", "Windows", "win-x64", "10.0.19045", "1.1");
        }
        runs(5, "a", "2026-10-01", "build", "Germany", "Linux", "linux-x64", "6.1", "1.0"); // next quarter
        runs(5, "other-tool", "cli.command", "a", "2026-07-01", "build", "Germany", "Linux", "linux-x64", "6.1", "1.0");
        runs(5, "forge", "template.created", "a", "2026-07-01", "", "Germany", "Linux", "linux-x64", "6.1", "1.0");

        PublishReport report = publish(3);

        String golden;
        try (InputStream in = getClass().getResourceAsStream("/publish/forge-usage-2026-q3.golden.tsv")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(report.file().getFileName()).hasToString("forge-usage-2026-q3.tsv");
        assertThat(Files.readString(report.file())).isEqualTo(golden);
        assertThat(report.rowsPublished()).isEqualTo(3);
        assertThat(report.rowsGeneralized()).isEqualTo(1);
        assertThat(report.detailedRows()).isEqualTo(5);
        assertThat(report.detailedRowsMerged()).isEqualTo(2);
        assertThat(report.rowsSuppressed()).isEqualTo(1);
        assertThat(report.publishedOccurrences()).isEqualTo(12);
        assertThat(report.leftOutOccurrences()).isEqualTo(1);
        assertThat(Files.readString(report.file())).doesNotContain("\ta\t").doesNotContain("other-tool");
    }

    @Test
    void noDetailedRowDescribesFewerThanKMachinesAndOccurrencesAddUp() throws Exception {
        Random r = new Random(7);
        String[] countries = {"Germany", "Chile", "Japan"};
        String[] commands = {"build", "run", "test", "pack", "publish", "new"};
        Map<List<String>, Set<String>> machinesByRow = new HashMap<>();
        long total = 0;
        for (int m = 0; m < 600; m++) {
            String machine = "machine-" + m;
            String country = countries[r.nextInt(countries.length)];
            String os = r.nextInt(3) == 0 ? "Darwin" : "Linux";
            String osVersion = os + "-" + r.nextInt(2);
            for (int run = 0; run < 10; run++) {
                String date = LocalDate.of(2026, 7, 1).plusDays(r.nextInt(3)).toString();
                String command = commands[r.nextInt(commands.length)];
                String version = "1." + r.nextInt(2);
                runs(1, machine, date, command, country, os, os.toLowerCase() + "-x64", osVersion, version);
                LocalDate d = LocalDate.parse(date);
                String timestamp = d.getMonthValue() + "/" + d.getDayOfMonth() + "/" + d.getYear() + " 0:00";
                machinesByRow
                        .computeIfAbsent(
                                List.of(timestamp, command, country, os, os.toLowerCase() + "-x64", osVersion, version),
                                x -> new HashSet<>())
                        .add(machine);
                total++;
            }
        }

        for (int m = 0; m < 5; m++) { // a quiet day: too few machines even with every dimension Other
            runs(2, "rare-" + m, "2026-07-20", "auto-train", "Kenya", "Linux", "linux-x64", "Linux-0", "1.0");
            total += 2;
        }

        PublishReport report = publish(10);

        assertThat(report.totalOccurrences()).isEqualTo(total);
        List<String> lines = Files.readAllLines(report.file());
        long sum = 0;
        int detailedChecked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            assertThat(c).hasSize(8);
            sum += Long.parseLong(c[1]);
            boolean exact = List.of(countries).contains(c[3])
                    && List.of(commands).contains(c[2])
                    && c[5].matches("(linux|darwin)-x64")
                    && c[6].matches("(Linux|Darwin)-[01]")
                    && c[7].matches("1\\.[01]");
            if (exact) {
                List<String> key = List.of(c[0], c[2], c[3], c[4], c[5], c[6], c[7]);
                assertThat(machinesByRow.get(key))
                        .as("machines behind %s", line)
                        .hasSizeGreaterThanOrEqualTo(10);
                detailedChecked++;
            }
        }
        assertThat(sum).isEqualTo(report.publishedOccurrences());
        assertThat(detailedChecked).isPositive();
        assertThat(report.rowsGeneralized()).isPositive();
        assertThat(report.rowsSuppressed()).isPositive();
        assertThat(String.join("\n", lines)).doesNotContain("machine-").doesNotContain("7/20/2026");
    }

    @Test
    void weeklyRowsSumTheirDaysAndAComboSmallEachDayIsExactOverItsWeek() throws Exception {
        // Four machines a day, each day other ones, on Monday to Friday: 20 machines in the week, never 10 a day.
        long total = 0;
        for (int day = 0; day < 5; day++) {
            for (int m = 0; m < 4; m++) {
                runs(
                        3,
                        "weekday-" + day + "-" + m,
                        LocalDate.parse("2026-07-06").plusDays(day).toString(),
                        "build",
                        "Germany",
                        "Linux",
                        "linux-x64",
                        "6.8.0",
                        "1.3.0");
                total += 3;
            }
        }
        // Wednesday 1 July 2026 begins the quarter's first (short) week.
        for (int m = 0; m < 12; m++) {
            runs(1, "early-" + m, "2026-07-02", "test", "Japan", "Darwin", "osx-arm64", "15.5", "1.2.2");
            total++;
        }

        PublishReport daily = publish(10, Period.DAY);
        assertThat(Files.readAllLines(daily.file()))
                .as("by day the build rows are too small")
                .noneMatch(l -> l.contains("\tbuild\tGermany\tLinux\tlinux-x64\t6.8.0\t1.3.0"));
        Files.delete(daily.file());

        PublishReport weekly = publish(10, Period.WEEK);
        List<String> lines = Files.readAllLines(weekly.file());
        assertThat(lines.get(0)).isEqualTo(TsvFormat.HEADER);
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(
                        "7/1/2026 0:00\t12\ttest\tJapan\tDarwin\tosx-arm64\t15.5\t1.2.2",
                        "7/6/2026 0:00\t60\tbuild\tGermany\tLinux\tlinux-x64\t6.8.0\t1.3.0");
        assertThat(weekly.totalOccurrences()).isEqualTo(total);
        assertThat(weekly.detailedRows()).as("five build days and one test day").isEqualTo(6);
        assertThat(weekly.utility().kept("SDKVersion")).isEqualTo(1.0);

        PublishReport monthly = publish(10, Period.MONTH);
        assertThat(Files.readAllLines(monthly.file()).subList(1, 3))
                .containsExactly(
                        "7/1/2026 0:00\t60\tbuild\tGermany\tLinux\tlinux-x64\t6.8.0\t1.3.0",
                        "7/1/2026 0:00\t12\ttest\tJapan\tDarwin\tosx-arm64\t15.5\t1.2.2");
        assertThat(Files.readString(monthly.dictionary()))
                .contains("One row per month and combination")
                .contains("k = 10")
                .contains("| SDKVersion |")
                .contains("version → major.minor.* → major.* → Other")
                .contains("CC BY 4.0")
                .contains("IP Geolocation by DB-IP")
                .contains("| kept exact | 100.0 % |")
                .contains("| Other | 0.0 % |");
    }

    @Test
    void theReportSaysHowMuchOfEachColumnWasKept() throws Exception {
        // 12 machines run build 1.3.0 on Linux in Germany, each on its own OS version; 12 others on Windows in
        // France and Spain: no combination reaches 10 machines until the OS version (or the country) goes.
        for (int m = 0; m < 12; m++) {
            runs(1, "kernel-" + m, "2026-07-01", "build", "Germany", "Linux", "linux-x64", (m + 1) + ".0", "1.3.0");
            runs(
                    1,
                    "win-" + m,
                    "2026-07-01",
                    "build",
                    m % 2 == 0 ? "France" : "Spain",
                    "Windows",
                    "win-x64",
                    "10.0",
                    "1.3.0");
        }

        PublishReport r = publish(10);

        assertThat(Files.readAllLines(r.file()).subList(1, 3))
                .containsExactly(
                        "7/1/2026 0:00\t12\tbuild\tEurope\tWindows\twin-x64\t10.0\t1.3.0",
                        "7/1/2026 0:00\t12\tbuild\tGermany\tLinux\tlinux-x64\tOther\t1.3.0");
        Utility u = r.utility();
        assertThat(u.share(1, 0)).as("Geography exact").isEqualTo(0.5);
        assertThat(u.share(1, 1)).as("Geography generalized (a continent)").isEqualTo(0.5);
        assertThat(u.share(4, 3)).as("OSVersion Other").isEqualTo(0.5);
        assertThat(u.kept("SDKVersion")).isEqualTo(1.0);
        assertThat(u.allColumnsExact()).isZero();
        assertThat(r.summary())
                .contains("| kept exact | 100.0 % | 50.0 % | 100.0 % | 100.0 % | 50.0 % | 100.0 % | 0.0 % |")
                .contains("| one level up (continent, linux-x64, 1.2.*) |  | 50.0 % |  | 0.0 % | 0.0 % | 0.0 % |  |")
                .contains("| two levels up (linux, 1.*) |  |  |  | 0.0 % | 0.0 % | 0.0 % |  |")
                .contains("| Other | 0.0 % | 0.0 % | 0.0 % | 0.0 % | 50.0 % | 0.0 % |");
    }

    /** For each period: every row is dated on a period's first day, exact rows have k machines, the sums add up. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Period.class)
    void everyPeriodKeepsKAndTheSums(Period period) throws Exception {
        Random r = new Random(period.ordinal() + 11);
        String[] countries = {"Germany", "France", "Chile", "Japan", "Kenya"};
        String[] rids = {"linux-x64", "linux-musl-x64", "win-x64", "osx-arm64"};
        Map<List<String>, Set<String>> machinesByRow = new HashMap<>();
        long total = 0;
        Quarter q3 = Quarter.parse("2026-Q3");
        for (int m = 0; m < 300; m++) {
            String country = countries[r.nextInt(countries.length)];
            String rid = rids[r.nextInt(rids.length)];
            String os = rid.startsWith("win") ? "Windows" : rid.startsWith("osx") ? "Darwin" : "Linux";
            String version = "1." + r.nextInt(4) + "." + r.nextInt(3);
            for (int run = 0; run < 8; run++) {
                LocalDate d = q3.firstDay().plusDays(r.nextInt(92));
                String command = r.nextInt(3) == 0 ? "run" : "build";
                String osVersion = r.nextInt(3) + "." + r.nextInt(5);
                runs(1, "m-" + m, d.toString(), command, country, os, rid, osVersion, version);
                LocalDate start = period.start(d, q3);
                String timestamp =
                        start.getMonthValue() + "/" + start.getDayOfMonth() + "/" + start.getYear() + " 0:00";
                machinesByRow
                        .computeIfAbsent(
                                List.of(timestamp, command, country, os, rid, osVersion, version), x -> new HashSet<>())
                        .add("m-" + m);
                total++;
            }
        }

        PublishReport report = publish(10, period);

        assertThat(report.totalOccurrences()).isEqualTo(total);
        Set<String> starts = new HashSet<>();
        for (LocalDate d = q3.firstDay(); !d.isAfter(q3.lastDay()); d = d.plusDays(1)) {
            LocalDate s = period.start(d, q3);
            starts.add(s.getMonthValue() + "/" + s.getDayOfMonth() + "/" + s.getYear() + " 0:00");
        }
        List<String> lines = Files.readAllLines(report.file());
        long sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            assertThat(starts).as("the Timestamp of %s", line).contains(c[0]);
            sum += Long.parseLong(c[1]);
            Set<String> exact = machinesByRow.get(List.of(c[0], c[2], c[3], c[4], c[5], c[6], c[7]));
            if (exact != null) {
                // A row that reads exactly like a detailed combination is that combination, published as is.
                assertThat(exact).as("machines behind %s", line).hasSizeGreaterThanOrEqualTo(10);
            }
        }
        assertThat(sum).isEqualTo(report.publishedOccurrences());
        assertThat(report.utility().publishedOccurrences()).isEqualTo(report.publishedOccurrences());
    }
}
