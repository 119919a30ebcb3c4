package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Browser;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Active machines page in a real headless Chromium against a real collector holding four
 * machines' runs in July 2026, with every number worked by hand (the same days as {@code
 * ActiveMachinesTest}): a machine first seen on 30 June, and three first seen in the range.
 */
class ActiveMachinesBrowserTest {
    static final String TOKEN = "active-machines-browser-token-0123456789";

    @TempDir
    Path dir;

    /** One request of a machine's runs, one run on each day at noon UTC. */
    private static String runs(String machine, String... days) {
        return OtlpBodies.body(
                OtlpBodies.resource("forge", machine),
                Stream.of(days)
                        .map(day -> "{\"timeUnixNano\":\""
                                + LocalDate.parse(day).atTime(12, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L
                                + "\",\"eventName\":\"cli.command\",\"attributes\":["
                                + OtlpBodies.attr(
                                        "log.record.uid", UUID.randomUUID().toString()) + ","
                                + OtlpBodies.attr("command.path", "build") + ","
                                + "{\"key\":\"process.exit.code\",\"value\":{\"intValue\":\"0\"}}]}")
                        .collect(Collectors.joining(",")));
    }

    @Test
    void thePageShowsActiveNewAndReturningMachinesAndTheRetentionGridWorkedByHand() throws Exception {
        try (CollectorServer server = TestCollector.start(
                dir.resolve("data"),
                b -> b.set(Setting.ADMIN_TOKEN, TOKEN)
                        .set(Setting.RATE_LIMIT_PER_NETWORK, "0")
                        .set(Setting.RETENTION_DAYS, "3650"))) {
            for (String body : List.of(
                    runs("machine-a", "2026-06-30", "2026-07-01", "2026-07-08"),
                    runs("machine-b", "2026-07-01", "2026-07-02", "2026-07-14"),
                    runs("machine-c", "2026-07-08", "2026-07-09"),
                    runs("machine-d", "2026-07-14"))) {
                assertThat(Http.postLogs(server.baseUri(), "forge-public-ingest-key", body)
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThat(StoreQueries.count(server, "")).isEqualTo(9); // waits until the store has every event
            server.dashboard().refresh();
            ChromeDriver browser = Browser.start(dir.resolve("chromium-profile"));
            try {
                check(server, browser);
            } finally {
                browser.quit();
            }
        }
    }

    private void check(CollectorServer server, ChromeDriver browser) throws Exception {
        browser.get(server.baseUri() + "/login");
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login-button")).click();
        waitFor(browser, "overview", "");
        browser.get(server.baseUri() + "/#/active");
        waitFor(browser, "active", "");
        // Both days typed, then the change event the page listens to (one, so that one answer draws the page).
        browser.executeScript("document.getElementById('to').value = '2026-07-14';"
                + " const from = document.getElementById('from'); from.value = '2026-07-01';"
                + " from.dispatchEvent(new Event('change'));");
        waitFor(browser, "active", "2026-07-01 – 2026-07-14");

        assertThat(text(browser, "kpi-dau")).isEqualTo("2");
        assertThat(text(browser, "kpi-wau")).isEqualTo("2");
        assertThat(text(browser, "kpi-mau")).isEqualTo("4");
        assertThat(text(browser, "kpi-new")).isEqualTo("3");
        assertThat(browser.findElement(By.cssSelector(".kpis")).getText())
                .contains("Daily active machines on 2026-07-14")
                .contains("week from 2026-07-13")
                .contains("Monthly active machines, 2026-07");

        assertThat(rows(browser, "table-active-days"))
                .hasSize(14)
                .startsWith("2026-07-01|2|1|1", "2026-07-02|1|0|1", "2026-07-03|0|0|0")
                .contains("2026-07-08|2|1|1", "2026-07-09|1|0|1")
                .endsWith("2026-07-14|2|1|1");
        assertThat(rows(browser, "table-active-weeks"))
                .containsExactly(
                        "2026-06-29|2|2|0|partly outside the range",
                        "2026-07-06|2|1|1|",
                        "2026-07-13|2|1|1|partly outside the range");
        assertThat(rows(browser, "table-active-months")).containsExactly("2026-07-01|4|3|1|partly outside the range");
        assertThat(rows(browser, "table-retention"))
                .containsExactly(
                        "2026-06-29|2|100.0 %|50.0 %|50.0 %", "2026-07-06|1|100.0 %|0.0 %|", "2026-07-13|1|100.0 %||");
        assertThat(browser.findElement(By.id("table-retention")).getText())
                .as("the grid is shown, not folded away")
                .contains("First seen in the week from Machines Week 0 Week 1 Week 2");
        assertThat(csv(browser, "table-retention"))
                .isEqualTo(
                        "First seen in the week from,Machines,Week 0,Week 1,Week 2\r\n"
                                + "2026-06-29,2,100.0 %,50.0 %,50.0 %\r\n2026-07-06,1,100.0 %,0.0 %,\r\n2026-07-13,1,100.0 %,,\r\n");

        assertThat(drawn(browser, "chart-active-days", "New")).isEqualTo("1,0,0,0,0,0,0,1,0,0,0,0,0,1");
        assertThat(drawn(browser, "chart-active-days", "Returning")).isEqualTo("1,1,0,0,0,0,0,1,1,0,0,0,0,1");
        assertThat(drawn(browser, "chart-active-weeks", "New")).isEqualTo("2,1,1");
        assertThat(drawn(browser, "chart-active-months", "Returning")).isEqualTo("1");
        screenshot(browser, "dashboard-active-machines.png");

        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("script errors or CSP violations")
                .filteredOn(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .isEmpty();

        // Hostile parameters: a clear 400 (or 404 for a tool nobody registered), never a stack trace.
        assertThat(fetch(browser, "/api/active?tool=forge&from=%3Cscript%3E&to=2026-07-14"))
                .startsWith("400 ")
                .contains("from must be a day such as 2026-07-01")
                .doesNotContain("<script>");
        assertThat(fetch(browser, "/api/active?tool=forge&from=2026-07-01&to=2027-12-31"))
                .startsWith("400 ")
                .contains("a range spans at most 400 days");
        assertThat(fetch(browser, "/api/active?tool=forge&from=2026-07-14&to=2026-07-01"))
                .startsWith("400 ")
                .contains("to is before from");
        assertThat(fetch(browser, "/api/active?tool=%27%3B+DROP+TABLE+events&from=2026-07-01&to=2026-07-14"))
                .startsWith("404 ")
                .contains("no tool is registered with that id");
    }

    /** Waits until the page {@code route} is drawn, for the range label {@code range} when not empty. */
    private static void waitFor(ChromeDriver browser, String route, String range) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    var view = d.findElement(By.id("view"));
                    return "true".equals(view.getAttribute("data-ready"))
                            && route.equals(view.getAttribute("data-route"))
                            && d.findElement(By.id("range-label")).getText().contains(range)
                            && (range.isEmpty()
                                    || !d.findElements(By.id("table-retention")).isEmpty());
                });
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** A table's body rows, cells joined by '|', read whether or not its "The numbers" is open. */
    @SuppressWarnings("unchecked")
    private static List<String> rows(ChromeDriver browser, String id) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#" + id
                + " tbody tr')).map((tr) => Array.from(tr.cells).map((td) => td.textContent).join('|'))");
    }

    private static String csv(ChromeDriver browser, String id) {
        String href =
                browser.findElement(By.cssSelector("#" + id + " + p.csv a")).getAttribute("href");
        return java.net.URLDecoder.decode(
                href.substring("data:text/csv;charset=utf-8,".length()).replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The numbers a chart draws for one dataset, joined by commas. */
    private static String drawn(ChromeDriver browser, String chart, String dataset) {
        return String.valueOf(browser.executeScript("return Chart.getChart('" + chart
                + "').data.datasets.find((x) => x.label === '" + dataset + "').data.join(',')"));
    }

    /** Status and body of a GET from the page, with its session. */
    private static String fetch(ChromeDriver browser, String path) {
        return String.valueOf(browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('" + path + "', { credentials: 'same-origin' })"
                + ".then(async (r) => done(r.status + ' ' + await r.text()), (e) => done('failed ' + e));"));
    }

    private static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Files.createDirectories(Path.of("target"));
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
