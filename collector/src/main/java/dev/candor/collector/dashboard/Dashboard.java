package dev.candor.collector.dashboard;

import static dev.candor.collector.dashboard.WebReplies.error;
import static dev.candor.collector.dashboard.WebReplies.json;
import static dev.candor.collector.dashboard.WebReplies.redirect;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.http.Bodies;
import dev.candor.collector.http.Route;
import dev.candor.collector.ingest.LocalIngest;
import dev.candor.collector.publish.PublishedFilesHandler;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The operators' dashboard: {@code /} (the pages), {@code /login}, {@code /logout}, {@code /assets/}
 * and the data API under {@code /api/} ({@link DashboardApi}). Everything but the login page and the
 * static assets needs a session ({@link DashboardAuth}); without one, pages redirect to the login
 * page and the API answers 401, never data. Every answer carries a strict Content-Security-Policy:
 * scripts and styles from this origin only, no inline code, no frames. Its routes go into the
 * collector's one route table ({@link #routes()}); while it runs, its rollup is kept up to date
 * ({@link RollupRefresher}).
 */
public final class Dashboard extends AbstractLifeCycle {
    public static final String COOKIE = DashboardAuth.COOKIE;
    static final String CSRF_HEADER = DashboardAuth.CSRF_HEADER;
    static final String CSP = WebReplies.CSP;
    /** The tool id of the dashboard's own usage events. */
    public static final String TELEMETRY_TOOL = DashboardTelemetry.TOOL_ID;
    /** Where the dashboard's own events are checked, as a tool registration's catalog. */
    public static final String TELEMETRY_CATALOG = "classpath:catalogs/candor-dashboard.json";

    private static final int MAX_BODY = 16 * 1024;

    /** What the dashboard reads from and acts on. */
    public record Parts(
            DashboardData data,
            UsageSource usage,
            ToolRegistry tools,
            ClientAddress clientAddress,
            PublishedFilesHandler published,
            Path publishedDir,
            int publishK,
            dev.candor.collector.publish.Period publishPeriod,
            Map<String, String> settings) {}

    /** One dashboard request, its POST body read (null for other methods). */
    @FunctionalInterface
    private interface Action {
        void run(Request request, byte[] body, Response response, Callback callback);
    }

    private final Parts parts;
    private final DashboardTelemetry telemetry;
    private final StaticAssets assets;
    private final DashboardAuth auth;
    private final DashboardApi api;
    private final RollupRefresher refresher;

    private Dashboard(Parts parts, AdminToken token, DashboardTelemetry telemetry, Clock clock) {
        this.parts = parts;
        this.telemetry = telemetry;
        this.assets = StaticAssets.load();
        this.auth = new DashboardAuth(token, parts.clientAddress(), assets, telemetry, clock);
        this.api = new DashboardApi(parts, telemetry);
        this.refresher = new RollupRefresher(parts.data());
    }

    /**
     * With {@code ownUsage} present, the dashboard records its own usage and sends it through it as the
     * tool {@value #TELEMETRY_TOOL}, which must then be registered; empty turns that off.
     */
    public static Dashboard create(Parts parts, AdminToken token, Optional<LocalIngest> ownUsage, String version) {
        DashboardTelemetry telemetry = ownUsage.isEmpty()
                ? DashboardTelemetry.off()
                : DashboardTelemetry.on(
                        parts.tools()
                                .byId(TELEMETRY_TOOL)
                                .orElseThrow(() -> new IllegalStateException(TELEMETRY_TOOL + " is not registered")),
                        ownUsage.get(),
                        version);
        return new Dashboard(parts, token, telemetry, Clock.systemUTC());
    }

    /** Logins by outcome (a wrong token, too many failures from one network), for {@code /metrics}. */
    public dev.candor.collector.metrics.Metrics.Source metrics() {
        return out -> out.labelled(
                        "candor_dashboard_logins_total",
                        "counter",
                        "Dashboard logins by outcome",
                        "outcome=\"ok\"",
                        auth.logins.sum())
                .labelled(
                        "candor_dashboard_logins_total", null, null, "outcome=\"wrong_token\"", auth.failedLogins.sum())
                .labelled(
                        "candor_dashboard_logins_total",
                        null,
                        null,
                        "outcome=\"throttled\"",
                        auth.throttledLogins.sum());
    }

    /** The dashboard's paths, for the collector's route table. */
    public List<Route> routes() {
        return List.of(
                new Route("/", false, handler((request, body, response, callback) -> {
                    if (auth.session(request).isEmpty()) {
                        redirect(response, callback, "/login");
                    } else {
                        assets.page("index.html", response, callback);
                    }
                })),
                new Route("/login", false, handler(auth::login)),
                new Route("/logout", false, handler(auth::logout)),
                new Route(
                        "/api/",
                        true,
                        handler((request, body, response, callback) -> api.answer(
                                Request.getPathInContext(request).substring("/api/".length()),
                                request,
                                body,
                                response,
                                callback,
                                auth.session(request)))),
                new Route("/assets/", true, new Handler.Abstract.NonBlocking() {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        WebReplies.securityHeaders(response);
                        assets.serve(
                                Request.getPathInContext(request).substring("/assets/".length()),
                                request,
                                response,
                                callback);
                        return true;
                    }
                }));
    }

    /**
     * The security headers, then the action; a POST's body is read first, so that a refusal never
     * leaves unread bytes on a kept-alive connection.
     */
    private static Handler handler(Action action) {
        return new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                WebReplies.securityHeaders(response);
                if (!"POST".equals(request.getMethod())) {
                    action.run(request, null, response, callback);
                    return true;
                }
                Bodies.readAll(request, MAX_BODY).whenComplete((body, failure) -> {
                    if (failure != null) {
                        response.getHeaders().put(HttpHeader.CONNECTION, "close");
                        json(response, callback, 413, error("the body is larger than " + MAX_BODY + " bytes"));
                    } else {
                        action.run(request, body, response, callback);
                    }
                });
                return true;
            }
        };
    }

    /** Brings the Overview's rollup up to date now; returns the number of days recomputed. */
    public int refresh() throws StoreException {
        return parts.data().refresh();
    }

    /** Sends the dashboard's queued usage events now (tests, shutdown). */
    public CompletableFuture<Integer> flushTelemetry() {
        return telemetry.enabled() ? telemetry.flush() : CompletableFuture.completedFuture(0);
    }

    @Override
    protected void doStart() throws Exception {
        refresher.start();
        super.doStart();
    }

    /** The refresher and the queries use the store: both are done before it closes. */
    @Override
    protected void doStop() throws Exception {
        refresher.stop();
        api.stop();
        telemetry.close();
        super.doStop();
    }
}
