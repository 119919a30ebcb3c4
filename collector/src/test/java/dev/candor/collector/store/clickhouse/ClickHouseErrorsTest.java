package dev.candor.collector.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.candor.collector.store.StoreException;
import dev.candor.collector.testing.ClickHouseExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ClickHouse's error messages quote what they could not parse, row data included; ours reach the log
 * and the dashboard, so they keep the statement's verb and ClickHouse's error code, never its text.
 */
class ClickHouseErrorsTest {
    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static final String PLANTED = "planted-row-datum-qzxv-ann.smith";

    @Test
    @SuppressWarnings("try") // opening the store creates the database the test's own client then uses
    void aRefusedQueryOrRowIsReportedWithoutItsData() throws Exception {
        try (ClickHouseEventStore store = ClickHouseEventStore.open(CLICKHOUSE.url(), "errors")) {
            ClickHouseHttp http = new ClickHouseHttp(CLICKHOUSE.url(), "errors");
            StoreException parse = catchThrowableOfType(
                    StoreException.class,
                    () -> http.query("SELECT toUInt8('" + PLANTED + "') WHERE machine_id = 'f00dcafe" + PLANTED + "'"));
            assertThat(parse.getMessage())
                    .startsWith("ClickHouse answered")
                    .contains("SELECT")
                    .contains("error code")
                    .doesNotContain(PLANTED)
                    .doesNotContain("f00dcafe");
            StoreException row = catchThrowableOfType(
                    StoreException.class,
                    () -> http.insertJsonRows(
                            "events", ("{\"event_id\":\"" + PLANTED + "\"}\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(row.getMessage()).contains("INSERT").doesNotContain(PLANTED);
        }
    }
}
