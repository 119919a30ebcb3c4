package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.publish.TsvFormat;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.ReadOnlyStore;
import dev.candor.collector.testing.CandorRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candor demo --exit}, the README's main job, as CI runs it (smaller, to stay quick). */
class DemoCommandTest {
    @TempDir
    Path dir;

    private CandorRun demo() {
        return CandorRun.of(
                "demo",
                "--exit",
                "--port",
                "0",
                "--data-dir",
                dir.toString(),
                "--machines",
                "1000",
                "--events",
                "40000",
                "--quarter",
                "2026-Q3");
    }

    private String query(String sql) throws Exception {
        StringWriter out = new StringWriter();
        try (ReadOnlyStore store = ReadOnlyStore.open(dir.resolve(DuckDbEventStore.FILE_NAME))) {
            store.query(sql, new PrintWriter(out, true));
        }
        return out.toString();
    }

    @Test
    void simulatesAQuarterThroughTheWirePublishesItAndCanRunAgain() throws Exception {
        CandorRun first = demo();

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Simulating 2026-Q3: 40,000 forge events from 1,000 machines")
                .contains("40,000 acknowledged")
                .contains("Published data:  http://127.0.0.1:")
                .contains("/data/");
        Path file = dir.resolve("published/forge-usage-2026-q3.tsv");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo(TsvFormat.HEADER);
        assertThat(lines.size()).as(first.out()).isGreaterThan(50);
        assertThat(lines.subList(1, lines.size()))
                .allMatch(l -> l.matches("([1-9]|1[0-2])/\\d{1,2}/2026 0:00\\t\\d+(\\t[^\\t]+){6}"));
        assertThat(query("SELECT count(DISTINCT geography) > 10 AS many FROM events"))
                .isEqualTo("many\ntrue\n");
        assertThat(
                        query(
                                "SELECT min(event_time) >= '2026-07-01' AND max(event_time) < '2026-10-01' AS inside FROM events"))
                .isEqualTo("inside\ntrue\n");
        String stored = query("SELECT count(*) AS n FROM events");
        assertThat(stored).as("every acknowledged event stored, none collapsed").isEqualTo("n\n40000\n");

        CandorRun again = demo();

        assertThat(again.exit()).isZero();
        assertThat(query("SELECT count(*) AS n FROM events"))
                .as("a rerun resends the same events")
                .isEqualTo(stored);
        assertThat(Files.readAllLines(file)).isEqualTo(lines);
    }
}
