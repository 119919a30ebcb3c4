package dev.candor.collector.dashboard;

import dev.candor.collector.http.Replies;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The dashboard's files, read from the jar once at start: its two pages, its script and style, and
 * Chart.js from its WebJar. Only these names are served; nothing is looked up from a request's path.
 */
final class StaticAssets {
    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    private static final String OWN = "/dev/candor/collector/dashboard/static/";

    private record Asset(byte[] bytes, String contentType) {}

    private final Map<String, Asset> files;

    private StaticAssets(Map<String, Asset> files) {
        this.files = files;
    }

    static StaticAssets load() {
        Map<String, Asset> files = new HashMap<>();
        files.put("index.html", read(OWN + "index.html", "text/html; charset=utf-8"));
        files.put("login.html", read(OWN + "login.html", "text/html; charset=utf-8"));
        files.put("app.js", read(OWN + "app.js", "text/javascript; charset=utf-8"));
        files.put("login.js", read(OWN + "login.js", "text/javascript; charset=utf-8"));
        files.put("app.css", read(OWN + "app.css", "text/css; charset=utf-8"));
        files.put("icon.svg", read(OWN + "icon.svg", "image/svg+xml"));
        files.put("chart.umd.min.js", read(CHART_JS, "text/javascript; charset=utf-8"));
        return new StaticAssets(Map.copyOf(files));
    }

    private static Asset read(String resource, String contentType) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the collector jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** {@code GET /assets/NAME}: scripts and styles (not the pages, which need a session). */
    void serve(String name, Request request, Response response, Callback callback) {
        Asset a = name.endsWith(".html") ? null : files.get(name);
        if (a == null) {
            Replies.text(response, callback, 404, "not found\n");
        } else if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            Replies.text(response, callback, 405, "method not allowed\n");
        } else {
            Replies.send(response, callback, 200, a.contentType(), a.bytes());
        }
    }

    void page(String name, Response response, Callback callback) {
        Asset a = files.get(name);
        Replies.send(response, callback, 200, a.contentType(), a.bytes());
    }
}
