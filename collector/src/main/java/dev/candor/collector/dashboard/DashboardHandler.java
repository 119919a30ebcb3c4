package dev.candor.collector.dashboard;

import dev.candor.collector.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.ingest.LocalIngest;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.publish.PublishedFilesHandler;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.http.Bodies;
import dev.candor.collector.http.Replies;
import dev.candor.collector.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' dashboard: {@code /} (the pages), {@code /login}, {@code /logout}, {@code /assets/}
 * and the data API under {@code /api/}. Everything but the login page and the static assets needs a
 * session; without one, pages redirect to the login page and the API answers 401, never data.
 * Requests that change state need the session's CSRF token in {@code X-CSRF-Token} and, when the
 * browser sends one, an {@code Origin} of this host. Every answer carries a strict
 * Content-Security-Policy: scripts and styles from this origin only, no inline code, no frames.
 * Queries run on a small pool of their own, off Jetty's threads.
 */
public final class DashboardHandler extends Handler.Abstract.NonBlocking {
    public static final String COOKIE = "candor_session";
    /** The tool id of the dashboard's own usage events. */
    public static final String TELEMETRY_TOOL = DashboardTelemetry.TOOL_ID;
    /** Where the dashboard's own events are checked, as a tool registration's catalog. */
    public static final String TELEMETRY_CATALOG = "classpath:catalogs/candor-dashboard.json";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_RANGE_DAYS = 400;
    private static final long REFRESH_SECONDS = 5;

    /** What the dashboard reads from and acts on. */
    public record Parts(DashboardData data, UsageSource usage, ToolRegistry tools, ClientAddress clientAddress,
            PublishedFilesHandler published, Path publishedDir, int publishK, Map<String, String> settings) {
    }

    private final Parts parts;
    private final AdminToken token;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final DashboardTelemetry telemetry;
    private final StaticAssets assets;
    private final ExecutorService queries;
    private final ScheduledExecutorService refresher;

    private DashboardHandler(Parts parts, AdminToken token, DashboardTelemetry telemetry, Clock clock) {
        this.parts = parts;
        this.token = token;
        this.telemetry = telemetry;
        this.sessions = new Sessions(clock);
        this.throttle = new LoginThrottle(clock);
        this.assets = StaticAssets.load();
        this.queries = Executors.newFixedThreadPool(2, daemon("candor-dashboard-query"));
        this.refresher = Executors.newSingleThreadScheduledExecutor(daemon("candor-dashboard-rollup"));
    }

    /**
     * Creates the dashboard's tables if needed; once started, it keeps its rollup up to date. With
     * {@code ownUsage} present, the dashboard records its own usage and sends it through it as the tool
     * {@value #TELEMETRY_TOOL}, which must then be registered; empty turns that off.
     */
    public static DashboardHandler create(Parts parts, AdminToken token, Optional<LocalIngest> ownUsage, String version) {
        DashboardTelemetry telemetry = ownUsage.isEmpty() ? DashboardTelemetry.off()
                : DashboardTelemetry.on(parts.tools().byId(TELEMETRY_TOOL).orElseThrow(
                        () -> new IllegalStateException(TELEMETRY_TOOL + " is not registered")), ownUsage.get(), version);
        return new DashboardHandler(parts, token, telemetry, Clock.systemUTC());
    }

    /** Brings the Overview's rollup up to date now; returns the number of days recomputed. */
    public int refresh() throws StoreException {
        return parts.data().refresh();
    }

    /** The type of what failed: the store's own exception for a query that failed in it. */
    private static String kind(Exception e) {
        return (e instanceof DashboardData.QueryFailed && e.getCause() != null ? e.getCause() : e).getClass().getSimpleName();
    }

    /**
     * One background step of the rollup (at most 16 days), then the next one scheduled:
     * {@link #REFRESH_SECONDS} later, or ten times as long as this step took when that was long, so
     * that catching up after a backfill or on a first start over a large store takes at most about a
     * tenth of the machine from ingest (measured: recomputing every changed day at once during the
     * demo's backfill made its ingest 46 % slower).
     */
    private void refreshQuietly() {
        long start = System.nanoTime();
        try {
            parts.data().refreshStep();
        } catch (StoreException | RuntimeException e) {
            LOG.warn("dashboard rollup refresh failed: {}", kind(e));
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        try {
            refresher.schedule(this::refreshQuietly, Math.max(REFRESH_SECONDS * 1000, 10 * tookMillis), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the dashboard is stopping
        }
    }

    /** Sends the dashboard's queued usage events now (tests, shutdown). */
    public CompletableFuture<Integer> flushTelemetry() {
        return telemetry.enabled() ? telemetry.flush() : CompletableFuture.completedFuture(0);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals("/") && !path.equals("/login") && !path.equals("/logout") && !path.startsWith("/assets/")
                && !path.startsWith("/api/")) {
            return false;
        }
        securityHeaders(response);
        if (path.startsWith("/assets/")) {
            assets.serve(path.substring("/assets/".length()), request, response, callback);
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            dispatch(path, request, null, response, callback);
            return true;
        }
        // A POST's body is read before any answer, so that a refusal never leaves unread bytes on a kept-alive connection.
        Bodies.readAll(request, MAX_BODY).whenComplete((body, failure) -> {
            if (failure != null) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                json(response, callback, 413, error("the body is larger than " + MAX_BODY + " bytes"));
            } else {
                dispatch(path, request, body, response, callback);
            }
        });
        return true;
    }

    /** Answers a request for {@code path}; {@code body} is the POST's body, null for other methods. */
    private void dispatch(String path, Request request, byte[] body, Response response, Callback callback) {
        Optional<Sessions.Session> session = session(request);
        switch (path) {
            case "/" -> {
                if (session.isEmpty()) {
                    redirect(response, callback, "/login");
                } else {
                    assets.page("index.html", response, callback);
                }
            }
            case "/login" -> login(request, body, response, callback, session);
            case "/logout" -> {
                if (body == null) {
                    methodNotAllowed(response, callback, "POST");
                } else if (session.isEmpty() || !changeAllowed(request, session.get())) {
                    json(response, callback, 403, error("log in again"));
                } else {
                    sessions.end(session.get());
                    telemetry.command(session.get().telemetryId(), "settings", "logout");
                    response.getHeaders().add(HttpHeader.SET_COOKIE, cookie("", secure(request), true));
                    json(response, callback, 200, Json.MAPPER.createObjectNode().put("loggedOut", true));
                }
            }
            default -> api(path.substring("/api/".length()), request, body, response, callback, session);
        }
    }

    private void login(Request request, byte[] body, Response response, Callback callback, Optional<Sessions.Session> session) {
        if ("GET".equals(request.getMethod())) {
            if (session.isPresent()) {
                redirect(response, callback, "/");
            } else {
                assets.page("login.html", response, callback);
            }
            return;
        }
        if (body == null) {
            methodNotAllowed(response, callback, "GET, POST");
            return;
        }
        if (!sameOrigin(request)) {
            Replies.text(response, callback, 403, "cross-site login refused\n");
            return;
        }
        String network = network(request);
        long wait = throttle.tryAttempt(network);
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            Replies.text(response, callback, 429, "too many failed logins; retry in " + wait + " s\n");
            return;
        }
        String given = formField(body, "token");
        if (given == null || !token.matches(given)) {
            redirect(response, callback, "/login#failed");
            return;
        }
        throttle.succeeded(network);
        Sessions.Session s = sessions.create();
        response.getHeaders().add(HttpHeader.SET_COOKIE, cookie(s.id(), secure(request), false));
        redirect(response, callback, "/");
    }

    private void api(String name, Request request, byte[] body, Response response, Callback callback,
            Optional<Sessions.Session> session) {
        if (session.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Cookie realm=\"candor-dashboard\"");
            json(response, callback, 401, error("log in first"));
            return;
        }
        Sessions.Session s = session.get();
        if (body == null) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                methodNotAllowed(response, callback, "GET, POST");
                return;
            }
            Fields query = Request.extractQueryParameters(request);
            offload(response, callback, s, name, () -> get(name, query, s));
            return;
        }
        if (!changeAllowed(request, s)) {
            json(response, callback, 403, error("missing or wrong CSRF token"));
            return;
        }
        JsonNode in;
        try {
            in = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            in = null;
        }
        if (in == null || !in.isObject()) {
            json(response, callback, 400, error("the body must be a JSON object"));
            return;
        }
        JsonNode input = in;
        offload(response, callback, s, name, () -> post(name, input, request, s));
    }

    /** An answer: status and JSON body. */
    private record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }
    }

    /** Thrown for a request the dashboard cannot answer as asked: becomes a 4xx with the message. */
    private static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @FunctionalInterface
    private interface Work {
        Answer run() throws Refused, IOException, StoreException;
    }

    private void offload(Response response, Callback callback, Sessions.Session s, String name, Work work) {
        try {
            queries.execute(() -> {
                long start = System.nanoTime();
                Answer a;
                try {
                    a = work.run();
                } catch (Refused e) {
                    a = new Answer(e.status, error(e.getMessage()));
                } catch (StoreException e) {
                    // The store is unreachable or absent (ClickHouse down, a stateless collector): the operator sees why.
                    LOG.warn("dashboard request {} failed: {}", DashboardTelemetry.DATA_ROUTES.contains(name) ? name : "other",
                            e.getMessage());
                    a = new Answer(503, error(e.getMessage()));
                } catch (IOException | RuntimeException e) {
                    Throwable failure = e instanceof DashboardData.QueryFailed && e.getCause() != null ? e.getCause() : e;
                    LOG.error("dashboard request {} failed: {}", DashboardTelemetry.DATA_ROUTES.contains(name) ? name : "other",
                            failure.getClass().getSimpleName());
                    telemetry.serverException(s.telemetryId(), failure);
                    a = new Answer(500, error("the dashboard could not compute this; see the collector's log"));
                }
                if (a.status() == 200) {
                    telemetry.dataProcessed(s.telemetryId(), name, (System.nanoTime() - start) / 1_000_000);
                }
                json(response, callback, a.status(), a.body());
            });
        } catch (RejectedExecutionException e) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
            json(response, callback, 503, error("the dashboard is stopping"));
        }
    }

    private Answer get(String name, Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        switch (name) {
            case "session" -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("csrf", s.csrf()).put("telemetry", telemetry.enabled());
                out.put("disclosure", telemetry.enabled() ? DashboardTelemetry.DISCLOSURE : null);
                return Answer.ok(out);
            }
            case "tools" -> {
                return Answer.ok(toolsWithRegistered(parts.data().tools()));
            }
            case "overview" -> {
                return Answer.ok(parts.data().overview(range(query)));
            }
            case "commands" -> {
                DayRange r = range(query);
                ArrayNode list = (ArrayNode) parts.data().overview(r).get("commands");
                String command = query.getValue("command");
                if (command == null || command.isBlank()) {
                    command = list.isEmpty() ? "" : list.get(0).get("command").asText();
                } else if (command.length() > 200) {
                    throw new Refused(400, "command is longer than 200 characters");
                }
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.set("commands", list);
                out.set("detail", parts.data().command(r, command));
                return Answer.ok(out);
            }
            case "errors" -> {
                return Answer.ok(parts.data().errors(range(query)));
            }
            case "catalog" -> {
                ToolRegistry.Tool tool = tool(query.getValue("tool"));
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("tool", tool.id());
                out.set("catalog", tool.catalog() == null ? null : tool.catalog().document());
                return Answer.ok(out);
            }
            case "published" -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                ArrayNode files = out.putArray("files");
                for (PublishedFilesHandler.Entry e : parts.published().files()) {
                    files.addObject().put("name", e.name()).put("bytes", e.bytes()).put("rows", e.rows())
                            .put("url", PublishedFilesHandler.PREFIX + e.name());
                }
                out.put("k", parts.publishK()).put("licence", PublishedFilesHandler.LICENCE);
                ArrayNode tools = out.putArray("tools");
                parts.tools().tools().stream().map(ToolRegistry.Tool::id).filter(id -> !id.equals(TELEMETRY_TOOL))
                        .forEach(tools::add);
                out.put("lastQuarter", Quarter.of(LocalDate.now()).previous().toString());
                return Answer.ok(out);
            }
            case "settings" -> {
                ObjectNode out = Json.MAPPER.createObjectNode();
                ObjectNode settings = out.putObject("settings");
                parts.settings().forEach(settings::put);
                ArrayNode tools = out.putArray("tools");
                parts.tools().tools().forEach(t -> tools.addObject().put("id", t.id()).put("catalog", t.catalog() != null));
                out.put("telemetry", telemetry.enabled());
                out.put("disclosure", telemetry.enabled() ? DashboardTelemetry.DISCLOSURE : null);
                return Answer.ok(out);
            }
            default -> throw new Refused(404, "no such data");
        }
    }

    private Answer post(String name, JsonNode in, Request request, Sessions.Session s)
            throws Refused, IOException, StoreException {
        switch (name) {
            case "publish" -> {
                ToolRegistry.Tool tool = tool(in.path("tool").asText(null));
                Quarter quarter;
                try {
                    quarter = Quarter.parse(in.path("quarter").asText(""));
                } catch (IllegalArgumentException e) {
                    throw new Refused(400, "quarter must be written as 2026-Q3");
                }
                if (!quarter.lastDay().isBefore(LocalDate.now())) {
                    throw new Refused(409, quarter + " has not ended yet");
                }
                telemetry.command(s.telemetryId(), "published", "publish");
                PublishReport r = new QuarterlyPublisher(parts.usage()).publish(tool.id(), quarter, parts.publishK(),
                        parts.publishedDir(), QuarterlyPublisher.Progress.NONE);
                LOG.info("dashboard publish {}", r.summary());
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("file", r.file().getFileName().toString()).put("rows", r.rowsPublished()).put("summary", r.summary());
                return Answer.ok(out);
            }
            case "telemetry" -> {
                String kind = in.path("kind").asText("");
                String route = in.path("route").asText(null);
                switch (kind) {
                    case "page" -> telemetry.pageViewed(s.telemetryId(), route, request.getHeaders().get(HttpHeader.USER_AGENT),
                            in.path("language").asText(null));
                    case "command" -> telemetry.command(s.telemetryId(), route, in.path("name").asText(""));
                    case "exception" -> telemetry.browserException(s.telemetryId(), route, in.path("type").asText(null),
                            in.path("stack").asText(null));
                    default -> throw new Refused(400, "kind must be page, command or exception");
                }
                return Answer.ok(Json.MAPPER.createObjectNode().put("recorded", telemetry.enabled()));
            }
            default -> throw new Refused(404, "no such action");
        }
    }

    private ArrayNode toolsWithRegistered(ArrayNode withData) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ToolRegistry.Tool t : parts.tools().tools()) {
            ObjectNode row = out.addObject().put("id", t.id()).put("events", 0);
            for (JsonNode d : withData) {
                if (d.get("id").asText().equals(t.id())) {
                    row.setAll((ObjectNode) d);
                }
            }
        }
        return out;
    }

    private ToolRegistry.Tool tool(String id) throws Refused {
        if (id == null || id.isBlank()) {
            throw new Refused(400, "tool is missing");
        }
        return parts.tools().byId(id).orElseThrow(() -> new Refused(404, "no tool is registered with that id"));
    }

    private DayRange range(Fields query) throws Refused {
        ToolRegistry.Tool tool = tool(query.getValue("tool"));
        LocalDate from = date(query.getValue("from"), "from");
        LocalDate to = date(query.getValue("to"), "to");
        if (to.isBefore(from)) {
            throw new Refused(400, "to is before from");
        }
        if (to.toEpochDay() - from.toEpochDay() >= MAX_RANGE_DAYS) {
            throw new Refused(400, "a range spans at most " + MAX_RANGE_DAYS + " days");
        }
        return new DayRange(tool.id(), from, to);
    }

    private static LocalDate date(String v, String name) throws Refused {
        if (v == null || v.length() != 10) {
            throw new Refused(400, name + " must be a day such as 2026-07-01");
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new Refused(400, name + " must be a day such as 2026-07-01");
        }
    }

    private Optional<Sessions.Session> session(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (COOKIE.equals(c.getName())) {
                return sessions.find(c.getValue());
            }
        }
        return Optional.empty();
    }

    /** A change needs the session's CSRF token, and a same-origin request when the browser says where it came from. */
    private static boolean changeAllowed(Request request, Sessions.Session s) {
        return sameOrigin(request) && Sessions.csrfMatches(s, request.getHeaders().get(CSRF_HEADER));
    }

    private static boolean sameOrigin(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true; // not a browser's cross-site request: browsers send Origin on every cross-site POST
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    /** Whether the browser reached the collector over HTTPS, directly or through a trusted TLS-terminating proxy. */
    private boolean secure(Request request) {
        return parts.clientAddress().viaHttps(request.isSecure(), Request.getRemoteAddr(request),
                request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_PROTO));
    }

    private String network(Request request) {
        InetAddress n = parts.clientAddress().clientNetwork(Request.getRemoteAddr(request),
                request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
        return n == null ? "unknown" : n.getHostAddress();
    }

    static String cookie(String value, boolean secure, boolean expire) {
        return COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (expire ? "; Max-Age=0" : "");
    }

    private static String formField(byte[] body, String name) {
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static void securityHeaders(Response response) {
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Referrer-Policy", "same-origin"); // no-referrer would make Chrome send "Origin: null" on our own POSTs
        response.getHeaders().put("Cross-Origin-Opener-Policy", "same-origin");
        response.getHeaders().put("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        Replies.send(response, callback, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    private static void methodNotAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        Replies.text(response, callback, 405, "method not allowed\n");
    }

    private static void json(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            bytes = "{\"error\":\"could not encode the answer\"}".getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        Replies.send(response, callback, status, "application/json; charset=utf-8", bytes);
    }

    private static ObjectNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts keeping the rollup up to date: at once (a start over an existing store), then every few seconds. */
    @Override
    protected void doStart() throws Exception {
        refresher.execute(this::refreshQuietly);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        refresher.shutdownNow();
        queries.shutdown();
        // Both use the store: they must be done before it closes.
        refresher.awaitTermination(30, TimeUnit.SECONDS);
        queries.awaitTermination(30, TimeUnit.SECONDS);
        telemetry.close();
        super.doStop();
    }
}
