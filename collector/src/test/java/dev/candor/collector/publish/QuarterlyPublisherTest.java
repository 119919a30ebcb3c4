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
        try (DuckDbEventStore store = DuckDbEventStore.open(dir)) {
            store.insert(events);
            try (Connection c = store.newReader()) {
                return new QuarterlyPublisher(new DuckDbUsageSource(c))
                        .publish(
                                "forge",
                                Quarter.parse("2026-Q3"),
                                k,
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
            if (!line.contains("Other")) {
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
}
