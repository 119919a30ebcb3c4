package dev.candor.collector.dashboard;

import static dev.candor.collector.dashboard.WebReplies.error;
import static dev.candor.collector.dashboard.WebReplies.json;
import static dev.candor.collector.dashboard.WebReplies.methodNotAllowed;
import static dev.candor.collector.dashboard.WebReplies.redirect;

import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.http.Replies;
import dev.candor.collector.json.Json;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who may use the dashboard: the login with the admin token (throttled per network), the session
 * cookie, logout, and the checks a request that changes state must pass (the session's CSRF token in
 * {@code X-CSRF-Token} and, when the browser says where it came from, this origin).
 */
final class DashboardAuth {
    /** Logins by outcome, for {@code /metrics}. */
    final java.util.concurrent.atomic.LongAdder logins = new java.util.concurrent.atomic.LongAdder();

    final java.util.concurrent.atomic.LongAdder failedLogins = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder throttledLogins = new java.util.concurrent.atomic.LongAdder();

    static final String COOKIE = "candor_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final AdminToken token;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final ClientAddress clientAddress;
    private final StaticAssets assets;
    private final DashboardTelemetry telemetry;

    DashboardAuth(
            AdminToken token,
            ClientAddress clientAddress,
            StaticAssets assets,
            DashboardTelemetry telemetry,
            Clock clock) {
        this.token = token;
        this.clientAddress = clientAddress;
        this.assets = assets;
        this.telemetry = telemetry;
        this.sessions = new Sessions(clock);
        this.throttle = new LoginThrottle(clock);
    }

    /** The request's live session, if its cookie names one. */
    Optional<Sessions.Session> session(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (COOKIE.equals(c.getName())) {
                return sessions.find(c.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code GET /login}: the form (or the pages, when logged in); {@code POST /login}: the token, then a session. */
    void login(Request request, byte[] body, Response response, Callback callback) {
        if ("GET".equals(request.getMethod())) {
            if (session(request).isPresent()) {
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
            throttledLogins.increment();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            Replies.text(response, callback, 429, "too many failed logins; retry in " + wait + " s\n");
            return;
        }
        String given = formField(body, "token");
        if (given == null || !token.matches(given)) {
            failedLogins.increment();
            redirect(response, callback, "/login#failed");
            return;
        }
        throttle.succeeded(network);
        logins.increment();
        Sessions.Session s = sessions.create();
        response.getHeaders().add(HttpHeader.SET_COOKIE, cookie(s.id(), secure(request), false));
        redirect(response, callback, "/");
    }

    /** {@code POST /logout}: ends the session and expires its cookie. */
    void logout(Request request, byte[] body, Response response, Callback callback) {
        Optional<Sessions.Session> session = session(request);
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

    /** A change needs the session's CSRF token, and a same-origin request when the browser says where it came from. */
    static boolean changeAllowed(Request request, Sessions.Session s) {
        return sameOrigin(request)
                && Sessions.csrfMatches(s, request.getHeaders().get(CSRF_HEADER));
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
        return clientAddress.viaHttps(
                request.isSecure(),
                Request.getRemoteAddr(request),
                request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_PROTO));
    }

    private String network(Request request) {
        InetAddress n = clientAddress.clientNetwork(
                Request.getRemoteAddr(request), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
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
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                            .strip();
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
