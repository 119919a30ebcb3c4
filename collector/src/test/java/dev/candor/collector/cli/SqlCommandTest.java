package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.Candor;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.TestCollector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run candor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Candor.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTsvWithAHeaderOnAStoppedStore() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            Http.postLogs(server.baseUri(), "forge-public-ingest-key",
                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID(), UUID.randomUUID()), "build"));
        }

        Run r = candor("sql", "--data-dir", dir.toString(),
                "SELECT command, count(*) AS n, NULL AS nothing, 'a' || chr(9) || 'b' AS tab FROM events GROUP BY 1");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("command\tn\tnothing\ttab\nbuild\t2\t\ta\\tb\n");
    }

    @Test
    void aRunningCollectorHoldsTheStore() throws Exception {
        Path data = dir.resolve("data");
        try (CollectorProcess collector = CollectorProcess.start(data, dir.resolve("log"), Map.of())) {
            Run r = candor("sql", "--data-dir", data.toString(), "SELECT 1");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).startsWith("candor: the collector holds this store").doesNotContain("Exception").hasLineCount(1);
        }
    }

    @Test
    void writesAreRefusedAndErrorsAreOneLine() throws Exception {
        try (CollectorServer server = TestCollector.start(dir)) {
            assertThat(server.port()).isPositive();
        }

        Run write = candor("sql", "--data-dir", dir.toString(), "DELETE FROM events");
        Run bad = candor("sql", "--data-dir", dir.toString(), "SELEC nonsense");
        Run missing = candor("sql", "--data-dir", dir.resolve("nowhere").toString(), "SELECT 1");

        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).contains("read-only").hasLineCount(1);
        assertThat(bad.err()).startsWith("candor: query failed").hasLineCount(1);
        assertThat(missing.err()).startsWith("candor: no Candor store at").hasLineCount(1);
    }

    @Test
    void aBadServeFlagOrConfigIsOneLineAndExitCode2() throws Exception {
        Path conf = dir.resolve("candor.conf");
        java.nio.file.Files.writeString(conf, "prot = 1\n");

        Run r = candor("serve", "--config", conf.toString(), "--data-dir", dir.toString());
        Run flag = candor("serve", "--port", "many");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("candor: candor.conf line 1: unknown setting 'prot' (did you mean 'port'?)\n");
        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err()).contains("Invalid value for option '--port'").doesNotContain("Exception");
    }
}
