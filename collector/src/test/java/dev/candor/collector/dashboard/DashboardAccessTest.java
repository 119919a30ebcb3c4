package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who gets what from the dashboard, over real HTTP: sessions, CSRF, origins, headers, the admin token. */
class DashboardAccessTest {
    static final String TOKEN = "access-test-admin-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CollectorServer start() throws Exception {
        return TestCollector.start(dir.resolve("data"), b -> b.set(Setting.ADMIN_TOKEN, TOKEN));
    }

    static HttpResponse<byte[]> get(URI base, String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return Http.send(b.build());
    }

    static HttpResponse<byte[]> post(URI base, String path, String body, String... headers) {
        return Http.post(base, path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static HttpResponse<byte[]> login(URI base, String token) {
        return post(base, "/login", "token=" + token, "Content-Type", "application/x-www-form-urlencoded");
    }

    /** Logs in and returns the {@code name=value} of the session cookie. */
    static String session(URI base) {
        HttpResponse<byte[]> r = login(base, TOKEN);
        assertThat(r.statusCode()).isEqualTo(303);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    static String csrf(URI base, String cookie) throws Exception {
        return JSON.readTree(get(base, "/api/session", cookie).body())
                .get("csrf")
                .asText();
    }

    @Test
    void withoutASessionPagesRedirectToTheLoginAndTheApiAnswers401WithNoData() throws Exception {
        try (CollectorServer server = start()) {
            URI base = server.baseUri();
            assertThat(Http.postLogs(
                                    base,
                                    "forge-public-ingest-key",
                                    OtlpBodies.commands("forge", "m1", List.of(UUID.randomUUID()), "build"))
                            .statusCode())
                    .isEqualTo(200);
            StoreQueries.count(server, "");
            server.dashboard().refresh();

            HttpResponse<byte[]> page = get(base, "/", null);
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).hasValue("/login");
            assertThat(get(base, "/login", null).statusCode()).isEqualTo(200);
            String today = LocalDate.now().toString();
            for (String api : List.of(
                    "/api/session",
                    "/api/tools",
                    "/api/overview?tool=forge&from=" + today + "&to=" + today,
                    "/api/commands?tool=forge&from=" + today + "&to=" + today,
                    "/api/errors?tool=forge&from=" + today + "&to=" + today,
                    "/api/catalog?tool=forge",
                    "/api/published",
                    "/api/settings",
                    "/api/nothing")) {
                for (String cookie : new String[] {
                    null, Dashboard.COOKIE + "=forged-or-expired-session-id-000000000000000", Dashboard.COOKIE + "="
                }) {
                    HttpResponse<byte[]> r = get(base, api, cookie);
                    assertThat(r.statusCode()).as(api + " with " + cookie).isEqualTo(401);
                    assertThat(Http.text(r)).isEqualTo("{\"error\":\"log in first\"}");
                }
            }
            assertThat(post(base, "/api/publish", "{\"tool\":\"forge\",\"quarter\":\"2026-Q3\"}")
                            .statusCode())
                    .isEqualTo(401);

            String cookie = session(base);
            JsonNode tools = JSON.readTree(get(base, "/api/tools", cookie).body());
            assertThat(tools.get(0).get("id").asText()).isEqualTo("forge");
            assertThat(tools.get(0).get("events").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndLogoutEndsTheSession() throws Exception {
        try (CollectorServer server = start()) {
            URI base = server.baseUri();
            HttpResponse<byte[]> r = login(base, TOKEN);
            assertThat(r.headers().firstValue("Location")).hasValue("/");
            String set = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(set)
                    .startsWith(Dashboard.COOKIE + "=")
                    .contains("; HttpOnly")
                    .contains("; SameSite=Strict")
                    .contains("; Path=/")
                    .doesNotContain("Secure"); // plain HTTP here; TlsTest checks Secure
            String cookie = set.substring(0, set.indexOf(';'));
            String csrf = csrf(base, cookie);
            assertThat(get(base, "/", cookie).statusCode()).isEqualTo(200);

            assertThat(post(base, "/logout", "", "Cookie", cookie).statusCode())
                    .as("no CSRF token")
                    .isEqualTo(403);
            HttpResponse<byte[]> out = post(base, "/logout", "", "Cookie", cookie, Dashboard.CSRF_HEADER, csrf);
            assertThat(out.statusCode()).isEqualTo(200);
            assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
            assertThat(get(base, "/api/tools", cookie).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void behindATrustedTlsTerminatingProxyTheCookieIsSecureAndFromAnyoneElseItIsNot() throws Exception {
        try (CollectorServer server = TestCollector.start(
                dir.resolve("data"),
                b -> b.set(Setting.ADMIN_TOKEN, TOKEN).set(Setting.TRUSTED_PROXIES, "127.0.0.1"))) {
            HttpResponse<byte[]> proxied = post(
                    server.baseUri(),
                    "/login",
                    "token=" + TOKEN,
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "X-Forwarded-Proto",
                    "https");
            assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
        }
        try (CollectorServer server =
                TestCollector.start(dir.resolve("other"), b -> b.set(Setting.ADMIN_TOKEN, TOKEN))) {
            HttpResponse<byte[]> claimed = post(
                    server.baseUri(),
                    "/login",
                    "token=" + TOKEN,
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "X-Forwarded-Proto",
                    "https");
            assertThat(claimed.headers().firstValue("Set-Cookie").orElseThrow())
                    .as("an untrusted peer's claim")
                    .doesNotContain("Secure");
        }
    }

    @Test
    void changesNeedTheCsrfTokenAndAnOriginOfThisHost() throws Exception {
        try (CollectorServer server = start()) {
            URI base = server.baseUri();
            String cookie = session(base);
            String csrf = csrf(base, cookie);
            String body = "{\"tool\":\"forge\",\"quarter\":\"2025-Q1\"}";
            String[] json = {"Content-Type", "application/json", "Cookie", cookie};

            assertThat(post(base, "/api/publish", body, json).statusCode())
                    .as("no token")
                    .isEqualTo(403);
            assertThat(post(base, "/api/publish", body, concat(json, Dashboard.CSRF_HEADER, "wrong"))
                            .statusCode())
                    .as("wrong token")
                    .isEqualTo(403);
            assertThat(post(
                                    base,
                                    "/api/publish",
                                    body,
                                    concat(json, Dashboard.CSRF_HEADER, csrf, "Origin", "http://evil.example"))
                            .statusCode())
                    .as("another site's page")
                    .isEqualTo(403);
            assertThat(post(
                                    base,
                                    "/api/publish",
                                    body,
                                    concat(json, Dashboard.CSRF_HEADER, csrf, "Sec-Fetch-Site", "cross-site"))
                            .statusCode())
                    .as("cross-site fetch")
                    .isEqualTo(403);
            assertThat(server.published().files()).isEmpty();

            HttpResponse<byte[]> ok = post(
                    base,
                    "/api/publish",
                    body,
                    concat(json, Dashboard.CSRF_HEADER, csrf, "Origin", "http://127.0.0.1:" + server.port()));
            assertThat(ok.statusCode()).as(Http.text(ok)).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).get("file").asText()).isEqualTo("forge-usage-2025-q1.tsv");
            assertThat(server.published().files()).extracting(e -> e.name()).containsExactly("forge-usage-2025-q1.tsv");

            HttpResponse<byte[]> future = post(
                    base,
                    "/api/publish",
                    "{\"tool\":\"forge\",\"quarter\":\"2999-Q1\"}",
                    concat(json, Dashboard.CSRF_HEADER, csrf));
            assertThat(future.statusCode()).isEqualTo(409);
            assertThat(post(
                                    base,
                                    "/api/publish",
                                    "{\"tool\":\"nope\",\"quarter\":\"2025-Q1\"}",
                                    concat(json, Dashboard.CSRF_HEADER, csrf))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(post(base, "/api/publish", "[1,2", concat(json, Dashboard.CSRF_HEADER, csrf))
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void aCrossSiteLoginIsRefusedAndRepeatedWrongTokensAreThrottled() throws Exception {
        try (CollectorServer server = start()) {
            URI base = server.baseUri();
            HttpResponse<byte[]> crossSite = post(
                    base,
                    "/login",
                    "token=" + TOKEN,
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Origin",
                    "http://evil.example");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(crossSite.headers().firstValue("Set-Cookie")).isEmpty();

            for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
                HttpResponse<byte[]> wrong = login(base, "wrong-token-" + i);
                assertThat(wrong.statusCode()).isEqualTo(303);
                assertThat(wrong.headers().firstValue("Location")).hasValue("/login#failed");
                assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
            }
            HttpResponse<byte[]> throttled = login(base, TOKEN);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(
                            throttled.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 600L);
        }
    }

    @Test
    void everyAnswerCarriesAStrictContentSecurityPolicy() throws Exception {
        try (CollectorServer server = start()) {
            URI base = server.baseUri();
            String cookie = session(base);
            for (String path : List.of("/", "/login", "/assets/app.js", "/api/tools", "/api/nothing")) {
                HttpResponse<byte[]> r = get(base, path, cookie);
                assertThat(r.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .hasValue(Dashboard.CSP);
                assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(r.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .hasValue("nosniff");
            }
            assertThat(Dashboard.CSP)
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval")
                    .contains("frame-ancestors 'none'");
            String index = Http.text(get(base, "/", cookie));
            assertThat(index)
                    .doesNotContainPattern("<script>|<script [^>]*>[^<]")
                    .doesNotContain("style=\"")
                    .doesNotContainPattern("\\son[a-z]+=");
            assertThat(get(base, "/assets/chart.umd.min.js", null).statusCode()).isEqualTo(200);
            assertThat(get(base, "/assets/../candor.duckdb", null).statusCode()).isIn(400, 404);
            assertThat(get(base, "/assets/index.html", null).statusCode())
                    .as("pages need a session")
                    .isEqualTo(404);
        }
    }

    @Test
    void badQueriesGetAClearErrorNotAStackTrace() throws Exception {
        try (CollectorServer server = start()) {
            URI base = server.baseUri();
            String cookie = session(base);
            for (String q : List.of(
                    "tool=forge&from=yesterday&to=2026-01-01",
                    "tool=forge&from=2026-02-01&to=2026-01-01",
                    "tool=forge&from=2020-01-01&to=2026-01-01",
                    "from=2026-01-01&to=2026-01-02",
                    "tool=%3Cscript%3E&from=2026-01-01&to=2026-01-02")) {
                HttpResponse<byte[]> r = get(base, "/api/overview?" + q, cookie);
                assertThat(r.statusCode()).as(q).isIn(400, 404);
                assertClear(r, q);
            }
            HttpResponse<byte[]> r =
                    get(base, "/api/adoption?tool=forge&from=2026-01-01&to=2026-01-02&dimension=machine_id", cookie);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Http.text(r)).contains("dimension must be one of tool_version, runtime_id, os_family");
            assertClear(r, "dimension=machine_id");
        }
    }

    /** A JSON error with a message, no stack trace, nothing of the query echoed as markup. */
    private static void assertClear(HttpResponse<byte[]> r, String q) throws Exception {
        String text = Http.text(r);
        assertThat(JSON.readTree(text).get("error").asText()).as(q).isNotBlank();
        assertThat(text)
                .as(q)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("<script>");
    }

    @Test
    void aGeneratedTokenIsShownOnceAndOnlyItsHashIsKept() throws Exception {
        String token;
        try (CollectorServer server = TestCollector.start(dir.resolve("data"))) {
            token = server.generatedAdminToken().orElseThrow();
            assertThat(token).hasSizeGreaterThanOrEqualTo(43);
            assertThat(login(server.baseUri(), token).headers().firstValue("Set-Cookie"))
                    .isPresent();
        }
        Path hash = dir.resolve("data").resolve(AdminToken.FILE_NAME);
        assertThat(Files.readString(hash)).startsWith("sha256:").doesNotContain(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hash)))
                .isEqualTo("rw-------");
        try (CollectorServer again = TestCollector.start(dir.resolve("data"))) {
            assertThat(again.generatedAdminToken()).isEmpty();
            assertThat(login(again.baseUri(), token).headers().firstValue("Set-Cookie"))
                    .isPresent();
        }
        try (var files = Files.walk(dir.resolve("data"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
                        .as(p.toString())
                        .doesNotContain(token);
            }
        }

        Files.writeString(hash, "not a hash");
        assertThatThrownBy(() -> TestCollector.start(dir.resolve("data")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AdminToken.FILE_NAME)
                .hasMessageContaining("delete it");
        assertThatThrownBy(() -> TestCollector.start(dir.resolve("other"), b -> b.set(Setting.ADMIN_TOKEN, "short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin-token");
        assertThatThrownBy(
                        () -> TestCollector.start(dir.resolve("other"), b -> b.tool("candor-dashboard:some-key-123")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("reserved");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
