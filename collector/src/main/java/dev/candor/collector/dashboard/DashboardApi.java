package dev.candor.collector.dashboard;

import static dev.candor.collector.dashboard.WebReplies.error;
import static dev.candor.collector.dashboard.WebReplies.json;
import static dev.candor.collector.dashboard.WebReplies.methodNotAllowed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.json.Json;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.PublishedFilesHandler;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.QuarterlyPublisher;
import dev.candor.collector.store.StoreException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's data API under {@code /api/}: what the pages read (GET) and the two actions (POST:
 * publish a quarter, record the dashboard's own usage). Queries run on a small pool of their own, off
 * Jetty's threads; a store that cannot answer is a 503 with its reason, a failed query a 500.
 */
final class DashboardApi {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);
    private static final int MAX_RANGE_DAYS = 400;

    private final Dashboard.Parts parts;
    private final DashboardTelemetry telemetry;
    private final ExecutorService queries = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "candor-dashboard-query");
        t.setDaemon(true);
        return t;
    });

    DashboardApi(Dashboard.Parts parts, DashboardTelemetry telemetry) {
        this.parts = parts;
        this.telemetry = telemetry;
    }

    /**
     * {@code /api/<name>}: GET reads, POST acts (with the CSRF checks). Without a session: 401, never data.
     */
    void answer(
            String name,
            Request request,
            byte[] body,
            Response response,
            Callback callback,
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
        if (!DashboardAuth.changeAllowed(request, s)) {
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
                    // The store is unreachable or absent (ClickHouse down, a stateless collector): the operator sees
                    // why.
                    LOG.warn(
                            "dashboard request {} failed: {}",
                            DashboardTelemetry.DATA_ROUTES.contains(name) ? name : "other",
                            e.getMessage());
                    a = new Answer(503, error(e.getMessage()));
                } catch (IOException | RuntimeException e) {
                    Throwable failure = DashboardData.QueryFailed.cause(e);
                    LOG.error(
                            "dashboard request {} failed: {}",
                            DashboardTelemetry.DATA_ROUTES.contains(name) ? name : "other",
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

    @FunctionalInterface
    private interface Read {
        Answer run(Fields query, Sessions.Session s) throws Refused, IOException, StoreException;
    }

    @FunctionalInterface
    private interface Act {
        Answer run(JsonNode in, Request request, Sessions.Session s) throws Refused, IOException, StoreException;
    }

    /** What GET /api/<name> reads. */
    private final Map<String, Read> reads = Map.of(
            "session", this::session,
            "tools", this::tools,
            "overview", this::overview,
            "commands", this::commands,
            "errors", this::errors,
            "adoption", this::adoption,
            "active", this::activeMachines,
            "catalog", this::catalog,
            "published", this::published,
            "settings", this::settings);

    /** What POST /api/<name> does. */
    private final Map<String, Act> actions = Map.of(
            "publish", this::publishAction,
            "telemetry", this::telemetryAction);

    private Answer get(String name, Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        Read read = reads.get(name);
        if (read == null) {
            throw new Refused(404, "no such data");
        }
        return read.run(query, s);
    }

    private Answer post(String name, JsonNode in, Request request, Sessions.Session s)
            throws Refused, IOException, StoreException {
        Act act = actions.get(name);
        if (act == null) {
            throw new Refused(404, "no such action");
        }
        return act.run(in, request, s);
    }

    private Answer session(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("csrf", s.csrf()).put("telemetry", telemetry.enabled());
        out.put("disclosure", telemetry.enabled() ? DashboardTelemetry.DISCLOSURE : null);
        return Answer.ok(out);
    }

    private Answer tools(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        return Answer.ok(toolsWithRegistered(parts.data().tools()));
    }

    private Answer overview(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        return Answer.ok(parts.data().overview(range(query)));
    }

    private Answer commands(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
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

    private Answer errors(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        return Answer.ok(parts.data().errors(range(query)));
    }

    private Answer adoption(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        String dimension = query.getValue("dimension");
        if (dimension == null || dimension.isBlank()) {
            dimension = "tool_version";
        } else if (!DashboardAnswers.ADOPTION_DIMENSIONS.contains(dimension)) {
            throw new Refused(
                    400, "dimension must be one of " + String.join(", ", DashboardAnswers.ADOPTION_DIMENSIONS));
        }
        return Answer.ok(parts.data().adoption(range(query), dimension));
    }

    private Answer activeMachines(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        return Answer.ok(parts.data().activeMachines(range(query)));
    }

    private Answer catalog(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        ToolRegistry.Tool tool = tool(query.getValue("tool"));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tool", tool.id());
        out.set("catalog", tool.catalog() == null ? null : tool.catalog().document());
        return Answer.ok(out);
    }

    private Answer published(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode files = out.putArray("files");
        for (PublishedFilesHandler.Entry e : parts.published().files()) {
            files.addObject()
                    .put("name", e.name())
                    .put("bytes", e.bytes())
                    .put("rows", e.rows())
                    .put("url", PublishedFilesHandler.PREFIX + e.name())
                    .put("dictionary", e.dictionary() == null ? null : PublishedFilesHandler.PREFIX + e.dictionary());
        }
        out.put("k", parts.publishK()).put("licence", PublishedFilesHandler.LICENCE);
        ArrayNode tools = out.putArray("tools");
        parts.tools().tools().stream()
                .map(ToolRegistry.Tool::id)
                .filter(id -> !id.equals(DashboardTelemetry.TOOL_ID))
                .forEach(tools::add);
        out.put("lastQuarter", Quarter.of(LocalDate.now()).previous().toString());
        return Answer.ok(out);
    }

    private Answer settings(Fields query, Sessions.Session s) throws Refused, IOException, StoreException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode settings = out.putObject("settings");
        parts.settings().forEach(settings::put);
        ArrayNode tools = out.putArray("tools");
        parts.tools().tools().forEach(t -> tools.addObject().put("id", t.id()).put("catalog", t.catalog() != null));
        out.put("telemetry", telemetry.enabled());
        out.put("disclosure", telemetry.enabled() ? DashboardTelemetry.DISCLOSURE : null);
        return Answer.ok(out);
    }

    private Answer publishAction(JsonNode in, Request request, Sessions.Session s)
            throws Refused, IOException, StoreException {
        ToolRegistry.Tool tool = tool(in.path("tool").asText(null));
        Quarter quarter;
        try {
            quarter = Quarter.parse(in.path("quarter").asText(""));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "quarter must be written as 2026-Q3");
        }
        if (!quarter.lastDay().isBefore(LocalDate.now(java.time.ZoneOffset.UTC))) {
            throw new Refused(409, quarter + " has not ended yet");
        }
        telemetry.command(s.telemetryId(), "published", "publish");
        PublishReport r = new QuarterlyPublisher(parts.usage())
                .publish(
                        tool.id(),
                        quarter,
                        parts.publishK(),
                        parts.publishPeriod(),
                        parts.publishedDir(),
                        QuarterlyPublisher.Progress.NONE);
        LOG.info("dashboard publish {}", r.counts());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("file", r.file().getFileName().toString())
                .put("rows", r.rowsPublished())
                .put("summary", r.summary());
        return Answer.ok(out);
    }

    private Answer telemetryAction(JsonNode in, Request request, Sessions.Session s)
            throws Refused, IOException, StoreException {
        String kind = in.path("kind").asText("");
        String route = in.path("route").asText(null);
        switch (kind) {
            case "page" ->
                telemetry.pageViewed(
                        s.telemetryId(),
                        route,
                        request.getHeaders().get(HttpHeader.USER_AGENT),
                        in.path("language").asText(null));
            case "command" ->
                telemetry.command(s.telemetryId(), route, in.path("name").asText(""));
            case "exception" ->
                telemetry.browserException(
                        s.telemetryId(),
                        route,
                        in.path("type").asText(null),
                        in.path("stack").asText(null));
            default -> throw new Refused(400, "kind must be page, command or exception");
        }
        return Answer.ok(Json.MAPPER.createObjectNode().put("recorded", telemetry.enabled()));
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

    /** Lets the queries in flight finish: they use the store, which closes after the dashboard. */
    void stop() throws InterruptedException {
        queries.shutdown();
        queries.awaitTermination(30, TimeUnit.SECONDS);
    }
}
