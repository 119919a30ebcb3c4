package dev.candor.collector.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines as an operator's log pipeline reads them, through SLF4J as the collector logs: UTC times
 * with the zone, values quoted when they need it, no value able to start a line of its own, levels by
 * logger prefix, and one JSON object per line with {@code log-format = json}.
 */
class CandorLoggingTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Logger log = LoggerFactory.getLogger("dev.candor.collector.server.CollectorServer");

    @BeforeEach
    void capture() {
        CandorLogging.output(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        CandorLogging.output(System.err);
        CandorLogging.format(CandorLogging.Format.TEXT);
    }

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void slf4jWritesThroughCandorsBinding() {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith("dev.candor.collector.logging.");
    }

    @Test
    void aTextLineHasAUtcTimeWithItsZoneAndQuotesValuesThatNeedIt() {
        log.info(
                "collector listening url={} data_dir={} tools={} stored_events={}",
                "http://127.0.0.1:4318",
                "/var/lib/my candor",
                List.of("forge", "mytool"),
                12);

        assertThat(lines())
                .singleElement()
                .asString()
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z INFO  CollectorServer: collector listening"
                                + " url=http://127.0.0.1:4318 data_dir=\"/var/lib/my candor\" tools=\"\\[forge, mytool]\""
                                + " stored_events=12");
    }

    @Test
    void noValueCanForgeALineOfItsOwn() {
        log.warn("skipped a record why={}", "bad\n2026-12-03T00:00:00Z ERROR CollectorServer: forged \"line\"");

        assertThat(lines())
                .singleElement()
                .asString()
                .endsWith("why=\"bad\\n2026-12-03T00:00:00Z ERROR CollectorServer: forged \\\"line\\\"\"");
    }

    @Test
    void levelsFollowTheLongestPrefixAndAThrowableIsOneField() {
        LoggerFactory.getLogger("dev.candor.collector.Quiet").debug("not shown");
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("not shown either");
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("shown");
        log.error("commit failed, retrying", new IOException("disk full\nsecond line"));

        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).endsWith("WARN  Server: shown");
        assertThat(lines().get(1)).endsWith("commit failed, retrying error=\"java.io.IOException: disk full\"");
        LoggerFactory.getLogger("dev.candor.collector.Quiet")
                .warn("wrapped", new IllegalStateException("outer", new IOException("inner")));
        assertThat(lines())
                .hasSize(3)
                .last()
                .asString()
                .endsWith("error=\"java.lang.IllegalStateException: outer <- java.io.IOException: inner\"");
    }

    @Test
    void aValueOutsideAKeyValueFieldIsNotQuotedButStillEscaped() {
        log.info("tools reloaded: {}", "forge: catalog 4 events\nmytool: registered");

        assertThat(lines())
                .singleElement()
                .asString()
                .endsWith("CollectorServer: tools reloaded: forge: catalog 4 events\\nmytool: registered");
    }

    @Test
    void jsonLinesCarryTheFieldsOfTheMessage() throws Exception {
        CandorLogging.format(CandorLogging.Format.JSON);
        log.info("retention deleted_raw_events={} before={} retention_days={}", 42, "2026-09-04", 90);
        log.error("backup failed: {}", "no \"space\" left", new IllegalStateException("x"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.path("time").asText()).endsWith("Z");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("logger").asText()).isEqualTo("dev.candor.collector.server.CollectorServer");
        assertThat(first.path("message").asText())
                .isEqualTo("retention deleted_raw_events=42 before=2026-09-04 retention_days=90");
        assertThat(first.path("deleted_raw_events").asText()).isEqualTo("42");
        assertThat(first.path("retention_days").asText()).isEqualTo("90");
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.path("message").asText()).isEqualTo("backup failed: no \"space\" left");
        assertThat(second.path("error").asText()).isEqualTo("java.lang.IllegalStateException: x");
    }
}
