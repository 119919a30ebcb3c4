package dev.candor.collector.server;

import dev.candor.collector.http.Replies;
import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.publish.PublishedFilesHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Sends each path to its handler: ingest, erasure, published data, health, metrics and the dashboard; anything else is 404. */
final class Routes extends Handler.Abstract.NonBlocking {
    private final Map<String, Handler> exact;
    private final PublishedFilesHandler published;
    private final Handler dashboard;
    private final Metrics metrics;
    private final Supplier<String> metricsText;

    Routes(Map<String, Handler> exact, PublishedFilesHandler published, Handler dashboard, Metrics metrics,
            Supplier<String> metricsText) {
        this.exact = Map.copyOf(exact);
        this.published = published;
        this.dashboard = dashboard;
        this.metrics = metrics;
        this.metricsText = metricsText;
    }

    @Override
    protected void doStart() throws Exception {
        for (Handler h : exact.values()) {
            h.setServer(getServer());
            h.start();
        }
        published.setServer(getServer());
        published.start();
        dashboard.setServer(getServer());
        dashboard.start();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        for (Handler h : exact.values()) {
            h.stop();
        }
        published.stop();
        dashboard.stop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Handler h = exact.get(path);
        if (h != null) {
            return h.handle(request, response, callback);
        }
        if (path.startsWith(PublishedFilesHandler.PREFIX)) {
            boolean handled = published.handle(request, response, callback);
            metrics.request(PublishedFilesHandler.PREFIX, response.getStatus());
            return handled;
        }
        switch (path) {
            case "/healthz" -> {
                metrics.request("/healthz", 200);
                Replies.text(response, callback, 200, "ok\n");
            }
            case "/metrics" -> {
                metrics.request("/metrics", 200);
                Replies.send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metricsText.get().getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                if (dashboard.handle(request, response, callback)) {
                    return true;
                }
                metrics.request("other", 404);
                Replies.text(response, callback, 404, "not found\n");
            }
        }
        return true;
    }
}
