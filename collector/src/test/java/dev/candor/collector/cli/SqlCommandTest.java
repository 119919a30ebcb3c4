package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.CandorRun;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTsvWithAHeaderOnAStoppedStore() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            Http.postLogs(
                    server.baseUri(),
                    "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID(), UUID.randomUUID()), "build"));
        }

        CandorRun r = CandorRun.of(
                "sql",
                "--data-dir",
                dir.toString(),
                "SELECT command, count(*) AS n, NULL AS nothing, 'a' || chr(9) || 'b' AS tab FROM events GROUP BY 1");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("command\tn\tnothing\ttab\nbuild\t2\t\ta\\tb\n");
    }

    @Test
    void findsTheStoreThroughTheCollectorsConfigFile() throws Exception {
        Path data = dir.resolve("var-candor");
        try (CollectorServer server = TestCollector.start(data)) {
            Http.postLogs(
                    server.baseUri(),
                    "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "pack"));
        }
        Path conf = java.nio.file.Files.writeString(dir.resolve("candor.conf"), "data-dir = " + data + "\n");

        CandorRun r = CandorRun.of("sql", "--config", conf.toString(), "SELECT command FROM events");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("command\npack\n");
    }

    @Test
    @SuppressWarnings("try") // the running collector is the point: it holds the store while sql runs
    void aRunningCollectorHoldsTheStore() throws Exception {
        Path data = dir.resolve("data");
        try (CollectorProcess collector = CollectorProcess.start(data, dir.resolve("log"), Map.of())) {
            CandorRun r = CandorRun.of("sql", "--data-dir", data.toString(), "SELECT 1");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err())
                    .startsWith("candor: the collector holds this store")
                    .doesNotContain("Exception")
                    .hasLineCount(1);
        }
    }

    @Test
    void writesAreRefusedAndErrorsAreOneLine() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            assertThat(server.port()).isPositive();
        }

        CandorRun write = CandorRun.of("sql", "--data-dir", dir.toString(), "DELETE FROM events");
        CandorRun bad = CandorRun.of("sql", "--data-dir", dir.toString(), "SELEC nonsense");
        CandorRun missing =
                CandorRun.of("sql", "--data-dir", dir.resolve("nowhere").toString(), "SELECT 1");

        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).contains("read-only").hasLineCount(1);
        assertThat(bad.err()).startsWith("candor: query failed").hasLineCount(1);
        assertThat(missing.err()).startsWith("candor: no Candor store at").hasLineCount(1);
    }

    @Test
    void aBadServeFlagOrConfigIsOneLineAndExitCode2() throws Exception {
        Path conf = dir.resolve("candor.conf");
        java.nio.file.Files.writeString(conf, "prot = 1\n");

        CandorRun r = CandorRun.of("serve", "--config", conf.toString(), "--data-dir", dir.toString());
        CandorRun flag = CandorRun.of("serve", "--port", "many");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("candor: candor.conf line 1: unknown setting 'prot' (did you mean 'port'?)\n");
        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err()).contains("Invalid value for option '--port'").doesNotContain("Exception");
    }
}
