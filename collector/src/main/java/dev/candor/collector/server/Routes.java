package dev.candor.collector.server;

import dev.candor.collector.http.Replies;
import dev.candor.collector.http.Route;
import dev.candor.collector.metrics.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The collector's one route table: each exact path or prefix to its handler (ingest, erasure, published
 * data, health, metrics, the dashboard's pages and API); anything else is 404. It starts and stops the
 * handlers, and the parts that serve them ({@code also}: the dashboard), in order.
 */
final class Routes extends Handler.Abstract.NonBlocking {
    private final Map<String, Handler> exact = new HashMap<>();
    private final List<Route> prefixes = new ArrayList<>();
    private final Set<Handler> handlers = new LinkedHashSet<>();
    private final List<LifeCycle> also;
    private final Metrics metrics;
    private final Set<Handler> adminOnly = new java.util.HashSet<>();
    private volatile org.eclipse.jetty.server.Connector adminConnector;

    /**
     * With an admin listener ({@link #adminListener}), the handlers of {@code admin} routes answer only
     * on it, and the others only on the public port; {@link #BOTH} and the published files (public, and
     * linked from the dashboard) answer on either.
     */
    static final Set<String> BOTH = Set.of("/healthz", "/readyz");

    Routes(List<Route> routes, List<Route> admin, List<LifeCycle> also, Metrics metrics) {
        this(concat(routes, admin), also, metrics);
        for (Route r : admin) {
            adminOnly.add(r.handler());
        }
    }

    private static List<Route> concat(List<Route> a, List<Route> b) {
        List<Route> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The connector of the admin listener; requests through any other get no admin route. */
    void adminListener(org.eclipse.jetty.server.Connector connector) {
        this.adminConnector = connector;
    }

    Routes(List<Route> routes, List<LifeCycle> also, Metrics metrics) {
        for (Route r : routes) {
            if (r.prefix()) {
                prefixes.add(r);
            } else if (exact.putIfAbsent(r.path(), r.handler()) != null) {
                throw new IllegalArgumentException("two routes for " + r.path());
            }
            handlers.add(r.handler());
        }
        prefixes.sort(Comparator.comparingInt((Route r) -> r.path().length()).reversed()); // the longest wins
        this.also = List.copyOf(also);
        this.metrics = metrics;
    }

    @Override
    protected void doStart() throws Exception {
        for (Handler h : handlers) {
            h.setServer(getServer());
            h.start();
        }
        for (LifeCycle l : also) {
            l.start();
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        for (Handler h : handlers) {
            h.stop();
        }
        for (LifeCycle l : also) {
            l.stop();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Handler h = exact.get(path);
        if (h == null) {
            for (Route r : prefixes) {
                if (path.startsWith(r.path())) {
                    h = r.handler();
                    break;
                }
            }
        }
        org.eclipse.jetty.server.Connector admin = adminConnector;
        if (h != null && admin != null && !BOTH.contains(path) && !path.startsWith("/data/")) {
            boolean onAdmin = request.getConnectionMetaData().getConnector() == admin;
            if (adminOnly.contains(h) != onAdmin) {
                h = null; // the dashboard and /metrics on the public port, or ingest on the admin one
            }
        }
        if (h != null && h.handle(request, response, callback)) {
            return true;
        }
        metrics.request("other", 404);
        Replies.text(response, callback, 404, "not found\n");
        return true;
    }
}
