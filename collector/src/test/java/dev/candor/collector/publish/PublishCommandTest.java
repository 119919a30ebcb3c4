package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.CandorRun;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishCommandTest {
    @TempDir
    Path dir;

    @Test
    void publishesFromTheStopAndTheCollectorServesTheFileAndAnIndex() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            for (int m = 0; m < 12; m++) {
                List<UUID> uids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    uids.add(UUID.randomUUID());
                }
                Http.postLogs(
                        server.baseUri(),
                        "forge-public-ingest-key",
                        OtlpBodies.commands("forge", "machine-" + m, uids, "build"));
            }
        }
        String quarter =
                Quarter.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).toString();

        CandorRun r = CandorRun.of(
                "publish", "--tool", "forge", "--quarter", quarter, "--force", "--data-dir", dir.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 rows").contains("36 occurrences published, 0 left out");
        assertThat(r.err()).contains("publish: 100% done");
        assertThat(r.out()).contains("| kept exact | 100.0 % | 100.0 % |").contains("data dictionary: ");
        Path file = dir.resolve("published").resolve(Quarter.parse(quarter).fileName("forge"));
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo(TsvFormat.HEADER);

        try (CollectorServer server = TestCollector.start(dir)) {
            HttpResponse<byte[]> index = Http.get(server.baseUri(), "/data/");
            HttpResponse<byte[]> tsv = Http.get(server.baseUri(), "/data/" + file.getFileName());

            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(Http.text(index))
                    .contains(file.getFileName().toString())
                    .contains("<td class=\"n\">1</td>")
                    .contains("CC BY 4.0")
                    .contains("db-ip.com");
            assertThat(tsv.statusCode()).isEqualTo(200);
            assertThat(tsv.headers().firstValue("Content-Type")).hasValue("text/tab-separated-values; charset=utf-8");
            assertThat(Http.text(tsv)).isEqualTo(Files.readString(file));
            String dictionaryName = file.getFileName().toString().replace(".tsv", ".dictionary.md");
            HttpResponse<byte[]> dictionary = Http.get(server.baseUri(), "/data/" + dictionaryName);
            assertThat(Http.text(index)).contains("<a href=\"" + dictionaryName + "\">");
            assertThat(dictionary.statusCode()).isEqualTo(200);
            assertThat(dictionary.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
            assertThat(Http.text(dictionary))
                    .startsWith("# " + file.getFileName() + ": data dictionary")
                    .contains("k = 10")
                    .contains("One row per day and combination")
                    .contains("IP Geolocation by DB-IP");
            assertThat(Http.get(server.baseUri(), "/data/forge-usage-2026-q3.dictionary.txt")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(Http.get(server.baseUri(), "/data/../candor.duckdb").statusCode())
                    .isEqualTo(404);
            assertThat(Http.get(server.baseUri(), "/data/server.secret").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void aQuarterThatHasNotEndedOrAToolNotRegisteredIsRefusedUnlessForced() throws Exception {
        Quarter current = Quarter.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        CandorRun early = CandorRun.of(
                "publish", "--tool", "forge", "--quarter", current.toString(), "--data-dir", dir.toString());
        assertThat(early.exit()).isEqualTo(2);
        assertThat(early.err())
                .isEqualTo("candor: --quarter " + current + " has not ended (its last day is " + current.lastDay()
                        + "): a file published now would be incomplete and public; wait, or add --force\n");

        CandorRun nosuch = CandorRun.of(
                "publish",
                "--tool",
                "nosuch",
                "--quarter",
                current.previous().toString(),
                "--data-dir",
                dir.toString());
        assertThat(nosuch.exit()).isEqualTo(2);
        assertThat(nosuch.err())
                .isEqualTo("candor: --tool nosuch is not a registered tool (registered: forge);"
                        + " give the collector's --config, or add --force\n");
        assertThat(dir.resolve("published")).doesNotExist();
    }

    @Test
    void aFileForcedOutBeforeTheQuarterEndedDoesNotBlockTheRealOne() throws Exception {
        Quarter q = Quarter.parse("2026-Q3");
        Path file = Files.createDirectories(dir.resolve("published")).resolve(q.fileName("forge"));
        Files.writeString(file, TsvFormat.HEADER + "\n");
        Files.setLastModifiedTime(
                file,
                java.nio.file.attribute.FileTime.from(
                        q.lastDay().atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        assertThat(dev.candor.collector.server.MaintenanceAccess.publishedAfterTheEnd(file, q))
                .isFalse();
        Files.setLastModifiedTime(
                file,
                java.nio.file.attribute.FileTime.from(q.lastDay()
                        .plusDays(2)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()));
        assertThat(dev.candor.collector.server.MaintenanceAccess.publishedAfterTheEnd(file, q))
                .isTrue();
    }

    @Test
    void badArgumentsAreOneLine() {
        CandorRun r = CandorRun.of("publish", "--tool", "forge", "--quarter", "2026-Q9", "--data-dir", dir.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("candor: --quarter: '2026-Q9' is not a quarter; write it as 2026-Q3\n");

        CandorRun period = CandorRun.of(
                "publish",
                "--tool",
                "forge",
                "--quarter",
                "2026-Q2",
                "--period",
                "fortnight",
                "--data-dir",
                dir.toString());
        assertThat(period.exit()).isEqualTo(2);
        assertThat(period.err()).contains("publish-period").contains("'fortnight' is not day, week or month");
        assertThat(period.err().lines().count()).isEqualTo(1);
    }

    @Test
    void retentionDryRunCountsAndDeletesNothing() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            Http.postLogs(
                    server.baseUri(),
                    "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build"));
        }

        CandorRun dry = CandorRun.of("retention", "--dry-run", "--data-dir", dir.toString());
        CandorRun agg = CandorRun.of("aggregate", "--rebuild", "--data-dir", dir.toString());

        assertThat(dry.out())
                .startsWith("would delete 0 raw events from before")
                .contains("1 raw events stored");
        assertThat(agg.out()).startsWith("daily_usage rebuilt").doesNotContain("Exception");
    }
}
