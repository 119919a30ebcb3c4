package dev.candor.collector.kafka;

import dev.candor.collector.http.Replies;
import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.metrics.ProcessMetrics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A loader's {@code /metrics} (its batches, lag and failures, its process and JVM) and {@code /healthz}
 * (200 {@code ok}, or 503 with the reason when its store has refused every batch for a while), on a
 * port of its own: a loader takes no other traffic.
 */
public final class LoaderEndpoint implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private LoaderEndpoint(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Listens on {@code host:port} (0: any free port).
     *
     * @throws Exception when it cannot listen there
     */
    public static LoaderEndpoint start(String host, int port, KafkaLoader loader, String version) throws Exception {
        return start(host, port, loader, version, KafkaLoader.UNHEALTHY_AFTER);
    }

    /**
     * As {@link #start(String, int, KafkaLoader, String)}, unhealthy once the store has refused every
     * try for {@code unhealthyAfter} (tests use a short one).
     */
    public static LoaderEndpoint start(
            String host, int port, KafkaLoader loader, String version, java.time.Duration unhealthyAfter)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("candor-loader-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        Metrics.Source process = new ProcessMetrics("loader", version);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                if (path.equals("/metrics")) {
                    Replies.send(
                            response,
                            callback,
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            Metrics.expose(loader.metrics(), process).getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/healthz")) {
                    String why = loader.unhealthy(unhealthyAfter).orElse(null);
                    Replies.text(response, callback, why == null ? 200 : 503, why == null ? "ok\n" : why + "\n");
                } else {
                    Replies.text(response, callback, 404, "404 Not Found: this loader serves /metrics and /healthz\n");
                }
                return true;
            }
        });
        server.setErrorHandler((request, response, callback) -> {
            Replies.text(response, callback, response.getStatus(), response.getStatus() + "\n");
            return true;
        });
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new LoaderEndpoint(server, connector);
    }

    /** Where it listens, {@code http://host:port}. */
    public URI uri() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    /** Stops listening; a failure to stop is not the loader's concern at its own shutdown. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(LoaderEndpoint.class)
                    .warn(
                            "loader endpoint did not stop cleanly: {}",
                            e.getClass().getSimpleName());
        }
    }
}
