package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.Setting;
import dev.candor.collector.loadgen.LoadGenerator;
import dev.candor.collector.loadgen.LoadPlan;
import dev.candor.collector.loadgen.LoadReport;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a real collector holding a simulated quarter of
 * forge usage and a few events whose values are HTML and script. One browser for the class; the
 * tests run in order because they share its cookie.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String TOKEN = "browser-test-admin-token-0123456789";
    static final String SCRIPT_COMMAND = "<script>window.__pwned='command'</script>";
    static final String IMG_OPTION = "<img src=x onerror=\"window.__pwned='option'\">";
    static final String IMG_EXCEPTION = "<img src=x onerror=window.__pwned='crash'>";
    static final Instant QUARTER_START = Instant.parse("2026-07-01T00:00:00Z");
    static final Instant QUARTER_END = Instant.parse("2026-10-01T00:00:00Z");

    Path dir;
    CollectorServer server;
    ChromeDriver browser;

    @BeforeAll
    void startCollectorAndBrowser(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = TestCollector.start(
                dir.resolve("data"),
                b -> b.set(Setting.ADMIN_TOKEN, TOKEN)
                        .set(Setting.TRUSTED_PROXIES, "127.0.0.1")
                        .set(Setting.RATE_LIMIT_PER_NETWORK, "0")
                        .set(Setting.RETENTION_DAYS, "3650"));
        LoadReport sent = LoadGenerator.run(
                LoadPlan.builder()
                        .url(server.baseUri())
                        .machines(80)
                        .events(4_000)
                        .forwardedFor(true)
                        .window(QUARTER_START, QUARTER_END)
                        .repeatableIds(true)
                        .seed(5)
                        .connections(2)
                        .batch(20)
                        .build(),
                null);
        assertThat(sent.eventsAcknowledged()).isEqualTo(4_000);
        assertThat(Http.postLogs(server.baseUri(), "forge-public-ingest-key", hostileEvents())
                        .statusCode())
                .isEqualTo(200);
        StoreQueries.count(server, ""); // waits until DuckDB has every acknowledged event
        server.journal().run(s -> s.compactUsage()).get(60, TimeUnit.SECONDS);
        server.dashboard().refresh();
        browser = Browser.start(dir.resolve("chromium-profile"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Two runs on 2026-09-15 whose command, options and crash type are markup meant to run. */
    static String hostileEvents() {
        long t = Instant.parse("2026-09-15T12:00:00Z").toEpochMilli() * 1_000_000L;
        String command = "{\"timeUnixNano\":\"" + t + "\",\"eventName\":\"cli.command\",\"attributes\":["
                + OtlpBodies.attr("log.record.uid", UUID.randomUUID().toString()) + ","
                + OtlpBodies.attr("command.path", SCRIPT_COMMAND) + ","
                + "{\"key\":\"command.options\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":"
                + "\"" + IMG_OPTION.replace("\"", "\\\"") + "\"}]}}},"
                + "{\"key\":\"process.exit.code\",\"value\":{\"intValue\":\"1\"}},"
                + "{\"key\":\"command.duration_ms\",\"value\":{\"intValue\":\"1234\"}}]}";
        String crash = "{\"timeUnixNano\":\"" + t + "\",\"eventName\":\"cli.crash\",\"attributes\":["
                + OtlpBodies.attr("log.record.uid", UUID.randomUUID().toString()) + ","
                + OtlpBodies.attr("command.path", SCRIPT_COMMAND) + ","
                + OtlpBodies.attr("exception.type", IMG_EXCEPTION) + ","
                + "{\"key\":\"exception.stacktrace\",\"value\":{\"stringValue\":\"java.lang.IllegalStateException"
                + "\\n\\tat <b>bold</b>.frame(X.java:1)\\n\"}}]}";
        return OtlpBodies.body(OtlpBodies.resource("forge", "hostile-machine"), crash + "," + command);
    }

    private void open(String route) {
        browser.get(server.baseUri() + "/#/" + route);
        browser.navigate().refresh(); // a hash change alone does not reload a page already on /
        waitForPage(route);
    }

    private void waitForPage(String route) {
        waitUntil(30, d -> {
            WebElement view = d.findElement(By.id("view"));
            return "true".equals(view.getAttribute("data-ready")) && route.equals(view.getAttribute("data-route"));
        });
    }

    /**
     * Waits for a condition on the page. A form post or a reload replaces the page while the condition reads it, so an
     * element found on the old page (stale) or not yet on the new one is read again at the next poll.
     */
    private void waitUntil(int seconds, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(seconds))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(condition::apply);
    }

    /** Saves what the browser shows as a build artefact under target/. */
    private void screenshot(String name) {
        try {
            Files.createDirectories(Path.of("target"));
            Files.copy(
                    browser.getScreenshotAs(OutputType.FILE).toPath(),
                    Path.of("target", name),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The CSV a table's "Download CSV" link holds. */
    private String downloadedCsv(String tableId) {
        WebElement link = browser.findElement(By.cssSelector("#" + tableId + " + p.csv a"));
        assertThat(link.getAttribute("download")).isEqualTo(tableId + ".csv");
        String href = link.getAttribute("href");
        assertThat(href).startsWith("data:text/csv;charset=utf-8,");
        return java.net.URLDecoder.decode(
                href.substring("data:text/csv;charset=utf-8,".length()).replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private Object js(String script) {
        return browser.executeScript(script);
    }

    @Test
    @Order(1)
    void withoutASessionThePagesLeadToTheLoginAndTheApiGivesNoData() {
        browser.get(server.baseUri() + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(browser.findElements(By.id("token"))).hasSize(1);

        browser.get(server.baseUri() + "/api/overview?tool=forge&from=2026-07-01&to=2026-09-30");
        String body = browser.findElement(By.tagName("body")).getText();
        assertThat(body).contains("log in first").doesNotContain("events").doesNotContain("build");
    }

    /** A page without an icon makes the browser ask for /favicon.ico, which the collector does not serve: a 404. */
    @Test
    @Order(1)
    void everyPageNamesAnIconThatLoadsSoTheBrowserAsksForNoMissingFile() {
        for (String page : java.util.List.of("/login", "/data/")) {
            browser.get(server.baseUri() + page);
            Object icon = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "const link = document.querySelector('link[rel=icon]');"
                    + "if (!link) { done('no icon'); return; }"
                    + "if (link.href.startsWith('data:')) { done('inline'); return; }"
                    + "fetch(link.href).then(r => done(r.status + ' ' + r.headers.get('content-type')),"
                    + " e => done(String(e)));");
            assertThat(icon).as("the icon of %s", page).isIn("200 image/svg+xml", "inline");
        }
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("resources the browser could not load")
                // Chromium words a failed load "... the server responded with a status of 404 (Not Found)";
                // a bare "404" would also match a port such as 127.0.0.1:40459 in any other message.
                .noneMatch(e -> e.getMessage().contains("status of 404"));
    }

    @Test
    @Order(2)
    void aWrongTokenIsRefusedAndTheRightOneOpensTheOverviewWithTheStoresNumbers() throws Exception {
        browser.get(server.baseUri() + "/login");
        browser.findElement(By.id("token")).sendKeys("not-the-token-at-all");
        browser.findElement(By.id("login-button")).click();
        // The form's post answers with a new page (/login#failed): wait for that one, not the page that was left.
        waitUntil(
                10,
                d -> d.getCurrentUrl().endsWith("#failed")
                        && d.findElement(By.id("failed")).isDisplayed());
        assertThat(browser.manage().getCookieNamed(Dashboard.COOKIE)).isNull();

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login-button")).click();
        waitForPage("overview");

        long events = StoreQueries.count(
                server, "tool = 'forge' AND event_time >= '2026-07-01' AND event_time < '2026-10-01'");
        long peak = (Long) StoreQueries.rows(
                        server,
                        "SELECT max(n) FROM (SELECT count(DISTINCT machine_id) AS n FROM events"
                                + " WHERE tool = 'forge' AND event_time >= '2026-07-01' AND event_time < '2026-10-01' GROUP BY event_time::DATE)")
                .get(0)
                .get(0);
        long builds = StoreQueries.count(
                server,
                "tool = 'forge' AND command = 'build' AND event_name = 'cli.command'"
                        + " AND event_time >= '2026-07-01'"
                        + " AND event_time < '2026-10-01'");
        assertThat(events).isEqualTo(4_002);
        assertThat(browser.findElement(By.id("range-label")).getText()).isEqualTo("2026-07-01 – 2026-09-30");
        assertThat(browser.findElement(By.id("kpi-events")).getText())
                .isEqualTo(String.format(Locale.US, "%,d", events));
        assertThat(browser.findElement(By.id("kpi-peak-machines")).getText()).isEqualTo(Long.toString(peak));
        // The charts were drawn by Chart.js with the same numbers.
        assertThat(((Number) js("return Chart.getChart('chart-days').data.datasets[0].data.reduce((a, b) => a + b, 0)"))
                        .longValue())
                .isEqualTo(events);
        assertThat(((Number) js("return Chart.getChart('chart-days').data.labels.length")).intValue())
                .isEqualTo(92);
        // The chart's numbers are in a table under it (and its CSV), day by day.
        String perDay = downloadedCsv("table-days");
        assertThat(perDay.lines()).hasSize(93).first().isEqualTo("Day,Events,Failures,Active machines");
        assertThat(perDay.lines()
                        .skip(1)
                        .mapToLong(l -> Long.parseLong(l.split(",")[1]))
                        .sum())
                .isEqualTo(events);
        assertThat(((Number) js("const c = Chart.getChart('chart-commands');"
                                + " return c.data.datasets[0].data[c.data.labels.indexOf('build')]"))
                        .longValue())
                .isEqualTo(builds);
        for (String id : List.of(
                "chart-days",
                "chart-commands",
                "chart-failure-rate",
                "chart-os_family",
                "chart-runtime_id",
                "chart-tool_version",
                "chart-geography",
                "chart-event_name")) {
            assertThat((Boolean) js("const c = document.getElementById('" + id + "');"
                            + " return Chart.getChart(c) !== undefined && c.width > 0 && c.height > 0"))
                    .as(id)
                    .isTrue();
        }
        assertThat(browser.findElement(By.id("table-geography")).getText()).contains("Germany");

        screenshot("dashboard-overview.png");
        assertThat(Files.size(Path.of("target", "dashboard-overview.png"))).isGreaterThan(10_000);

        // A range of one's own: only 2026-09-15, which holds the hostile events too.
        long oneDay = StoreQueries.count(server, "tool = 'forge' AND event_time::DATE = DATE '2026-09-15'");
        js("document.getElementById('from').value = '2026-09-15'; const to = document.getElementById('to');"
                + " to.value = '2026-09-15'; to.dispatchEvent(new Event('change'));");
        waitUntil(
                20,
                d -> d.findElement(By.id("range-label")).getText().equals("2026-09-15 – 2026-09-15")
                        && "true".equals(d.findElement(By.id("view")).getAttribute("data-ready")));
        assertThat(browser.findElement(By.id("kpi-events")).getText())
                .isEqualTo(String.format(Locale.US, "%,d", oneDay));
        assertThat(((Number) js("return Chart.getChart('chart-days').data.labels.length")).intValue())
                .isEqualTo(1);
        new Select(browser.findElement(By.id("range"))).selectByValue("92");
        waitForPage("overview");
    }

    @Test
    @Order(3)
    void theAdoptionPageShowsEachVersionsShareOfTheDaysActiveMachines() {
        open("adoption");
        String lastDay = String.valueOf(StoreQueries.rows(
                        server,
                        "SELECT max(event_time::DATE)::VARCHAR FROM events WHERE tool = 'forge'"
                                + " AND event_time >= '2026-07-01' AND event_time < '2026-10-01' AND machine_id IS NOT NULL")
                .get(0)
                .get(0));
        long active = (Long) StoreQueries.rows(
                        server,
                        "SELECT count(DISTINCT machine_id) FROM events WHERE tool = 'forge' AND event_time::DATE = '"
                                + lastDay + "'")
                .get(0)
                .get(0);
        List<List<Object>> byVersion = StoreQueries.rows(
                server,
                "SELECT tool_version, count(DISTINCT machine_id) AS n FROM events WHERE tool = 'forge'"
                        + " AND event_time::DATE = '" + lastDay
                        + "' AND machine_id IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1");
        assertThat(byVersion).isNotEmpty();
        String table = browser.findElement(By.id("table-adoption-tool_version")).getText();
        assertThat(table).contains("Share on " + lastDay);
        for (List<Object> v : byVersion) {
            double share = 100.0 * ((Long) v.get(1)) / active;
            String expected = v.get(0) + " " + String.format(Locale.ROOT, "%.1f %%", share);
            assertThat(table)
                    .as("the row of %s", v.get(0))
                    .containsPattern(java.util.regex.Pattern.quote(v.get(0).toString()) + " \\d{4}-\\d{2}-\\d{2} "
                            + java.util.regex.Pattern.quote(String.format(Locale.ROOT, "%.1f %%", share)));
            Number drawn = (Number) js("const c = Chart.getChart('chart-adoption-tool_version');"
                    + " const d = c.data.datasets.find((x) => x.label === '" + v.get(0) + "');"
                    + " return d.data[c.data.labels.indexOf('" + lastDay + "')]");
            assertThat(drawn.doubleValue())
                    .as("%s drawn", expected)
                    .isCloseTo(share, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(browser.findElements(By.id("table-adoption-runtime_id"))).hasSize(1);
        assertThat(browser.findElements(By.id("table-adoption-os_family"))).hasSize(1);
        screenshot("dashboard-adoption.png");
    }

    @Test
    @Order(3)
    void theCommandsPageShowsEachToolVersionsRunsAndFailureRate() {
        open("commands");
        String command = new Select(browser.findElement(By.id("command-picker")))
                .getFirstSelectedOption()
                .getAttribute("value");
        List<List<Object>> byVersion = StoreQueries.rows(
                server,
                "SELECT tool_version, count(*), count(*) FILTER (WHERE exit_code IS NOT NULL AND exit_code <> 0)"
                        + " FROM events WHERE tool = 'forge' AND event_name = 'cli.command' AND command = '" + command
                        + "' AND event_time >= '2026-07-01' AND event_time < '2026-10-01' GROUP BY 1");
        assertThat(byVersion).isNotEmpty();
        String table = browser.findElement(By.id("table-versions")).getText();
        for (List<Object> v : byVersion) {
            long runs = (Long) v.get(1);
            long failures = (Long) v.get(2);
            String expected = v.get(0) + " " + String.format(Locale.US, "%,d", runs) + " "
                    + String.format(Locale.ROOT, "%.1f %%", 100.0 * Math.round(10_000.0 * failures / runs) / 10_000.0);
            assertThat(table).as("the row of %s", v.get(0)).contains(expected);
        }
        // The p50 shown is the histogram's estimate: within 1/32 of the nearest-rank p50 of the raw durations.
        List<Long> durations = StoreQueries.rows(
                        server,
                        "SELECT duration_ms FROM events WHERE tool = 'forge' AND event_name = 'cli.command'"
                                + " AND command = '" + command + "' AND duration_ms IS NOT NULL"
                                + " AND event_time >= '2026-07-01' AND event_time < '2026-10-01' ORDER BY 1")
                .stream()
                .map(row -> (Long) row.get(0))
                .toList();
        assertThat(durations).isNotEmpty();
        long exact = durations.get((int) Math.ceil(0.5 * durations.size()) - 1);
        long shown =
                Long.parseLong(browser.findElement(By.id("kpi-p50")).getText().replace(",", ""));
        assertThat((double) Math.abs(shown - exact))
                .as("p50 %d for %d", shown, exact)
                .isLessThanOrEqualTo(exact / 32.0);
        assertThat(browser.findElement(By.id("view")).getText()).contains("estimated from a histogram");
    }

    @Test
    @Order(3)
    void valuesFromEventsAreShownAsTextAndNothingRuns() {
        browser.manage().logs().get(LogType.BROWSER); // drains what earlier tests caused (their 401s)
        open("overview");
        assertThat(browser.findElement(By.id("table-commands")).getText()).contains(SCRIPT_COMMAND);
        String csv = downloadedCsv("table-commands");
        assertThat(csv).startsWith("Command,Events,Failures,Failure rate\r\n");
        assertThat(csv).contains("\r\n<script>window.__pwned='command'</script>,1,1,100.0 %\r\n");

        open("commands");
        new Select(browser.findElement(By.id("command-picker"))).selectByValue(SCRIPT_COMMAND);
        waitUntil(
                20,
                d -> d.findElement(By.id("kpi-runs")).getText().equals("1")
                        && "true".equals(d.findElement(By.id("view")).getAttribute("data-ready")));
        assertThat(browser.findElement(By.id("table-options")).getText()).contains(IMG_OPTION);
        assertThat(downloadedCsv("table-options"))
                .as("a value with quotes is quoted, its quotes doubled")
                .contains("\"<img src=x onerror=\"\"window.__pwned='option'\"\">\"");
        assertThat(browser.findElement(By.id("table-exit-codes")).getText()).contains("1");
        screenshot("dashboard-commands-hostile.png");

        open("errors");
        String crashes = browser.findElement(By.id("table-errors")).getText();
        assertThat(crashes).contains(IMG_EXCEPTION).contains("<b>bold</b>.frame");
        screenshot("dashboard-errors.png");

        assertThat(js("return window.__pwned === undefined ? null : String(window.__pwned)"))
                .isNull();
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("script errors or CSP violations")
                .filteredOn(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .isEmpty();
        assertThat(((Number) js("return document.querySelectorAll('img, script:not([src]), b').length")).intValue())
                .isZero();
    }

    @Test
    @Order(4)
    void theSettingsPageEndsWithTheTelemetryDisclosureAndSwitchesTheTheme() throws Exception {
        open("settings");
        new Select(browser.findElement(By.id("theme"))).selectByValue("dark");
        assertThat(js("return document.documentElement.dataset.theme")).isEqualTo("dark");
        open("overview");
        assertThat(js("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(20, 22, 26)");
        screenshot("dashboard-overview-dark.png");
        open("settings");
        List<WebElement> disclosure = browser.findElements(By.id("telemetry-disclosure"));
        assertThat(disclosure).hasSize(1);
        assertThat(disclosure.get(0).getText())
                .contains("candor-dashboard")
                .contains("CANDOR_DASHBOARD_ENABLE_TELEMETRY=false");
        assertThat((Boolean) js("const d = document.getElementById('telemetry-disclosure');"
                        + " return d === d.parentElement.lastElementChild"))
                .isTrue();
    }

    @Test
    @Order(5)
    void theDashboardsOwnUsageArrivesAsItsOwnToolWithoutGeographyOrAddress() throws Exception {
        open("catalog");
        screenshot("dashboard-catalog.png");
        open("published");
        browser.findElement(By.id("publish-quarter")).clear();
        browser.findElement(By.id("publish-quarter")).sendKeys("2026-Q3");
        browser.findElement(By.id("publish-button")).click(); // a POST with the page's CSRF token
        waitUntil(
                30,
                d -> !d.findElements(By.id("table-published")).isEmpty()
                        && d.findElement(By.id("table-published")).getText().contains("forge-usage-2026-q3.tsv"));
        assertThat(browser.findElement(By.linkText("forge-usage-2026-q3.tsv")).getAttribute("href"))
                .isEqualTo(server.baseUri() + "/data/forge-usage-2026-q3.tsv");
        screenshot("dashboard-published.png");
        server.dashboard().flushTelemetry().get(30, TimeUnit.SECONDS);

        List<List<Object>> rows = StoreQueries.rows(
                server,
                "SELECT event_name, geography, machine_id,"
                        + " json_extract_string(properties, '$.\"page.route\"'), json_extract_string(properties, '$.\"browser.family\"'),"
                        + " CAST(json_extract(properties, '$.\"browser.major_version\"') AS BIGINT),"
                        + " json_extract_string(properties, '$.\"browser.language\"'), properties::VARCHAR, session_id"
                        + " FROM events WHERE tool = 'candor-dashboard'");
        Set<String> pages = rows.stream()
                .filter(r -> r.get(0).equals("dashboard.page_viewed"))
                .map(r -> (String) r.get(3))
                .collect(Collectors.toSet());
        assertThat(pages).contains("overview", "commands", "errors", "settings", "catalog");
        assertThat(rows.stream().map(r -> (String) r.get(0)).collect(Collectors.toSet()))
                .contains("dashboard.page_viewed", "dashboard.data_processed", "dashboard.command");
        for (List<Object> r : rows) {
            assertThat(r.get(1)).as("geography").isEqualTo("Unknown");
            assertThat(r.get(2)).as("machine id").isNull();
            assertThat((String) r.get(7))
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("Mozilla")
                    .doesNotContain("forge")
                    .doesNotContain(SCRIPT_COMMAND)
                    .doesNotContain("?tool");
            if (r.get(0).equals("dashboard.page_viewed")) {
                assertThat(r.get(4)).isEqualTo("Chrome");
                assertThat((Long) r.get(5)).isGreaterThan(100L);
                assertThat(r.get(6)).isEqualTo("en-US");
            }
        }
        // Whoever reads events (candor sql, backups, ClickHouse, the Kafka topic) must not be able to log in.
        String cookie = browser.manage().getCookieNamed(Dashboard.COOKIE).getValue();
        assertThat(cookie).hasSize(43);
        assertThat(rows.stream().map(r -> (String) r.get(8)).distinct())
                .as("the telemetry's session ids")
                .isNotEmpty()
                .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertThat(StoreQueries.rows(server, "SELECT * FROM events").toString())
                .as("any stored event")
                .doesNotContain(cookie);
    }

    @Test
    @Order(6)
    void withTelemetryOffThereIsNoDisclosureAndNothingIsRecorded() throws Exception {
        try (CollectorServer quiet = TestCollector.start(
                dir.resolve("quiet"),
                b -> b.set(Setting.ADMIN_TOKEN, TOKEN).set(Setting.DASHBOARD_ENABLE_TELEMETRY, "false"))) {
            browser.get(quiet.baseUri() + "/login");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("login-button")).click();
            waitUntil(30, d -> "overview".equals(d.findElement(By.id("view")).getAttribute("data-route")));
            browser.get(quiet.baseUri() + "/#/settings");
            browser.navigate().refresh();
            waitUntil(
                    30,
                    d -> "settings".equals(d.findElement(By.id("view")).getAttribute("data-route"))
                            && "true".equals(d.findElement(By.id("view")).getAttribute("data-ready")));

            assertThat(browser.findElements(By.id("telemetry-disclosure"))).isEmpty();
            assertThat(browser.findElement(By.id("view")).getText()).doesNotContain("collects usage data");
            quiet.dashboard().flushTelemetry().get(30, TimeUnit.SECONDS);
            assertThat(StoreQueries.count(quiet, "tool = 'candor-dashboard'")).isZero();
            assertThat(quiet.tools().byId("candor-dashboard")).isEmpty();
        }
    }
}
