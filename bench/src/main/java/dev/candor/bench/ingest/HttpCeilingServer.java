package dev.candor.bench.ingest;

import dev.candor.collector.ingest.BadRequestException;
import dev.candor.collector.ingest.RequestBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP ceiling: Jetty 12 set up as the collector sets it up, with a non-blocking handler that
 * reads the body, gunzips it with the collector's own {@link RequestBody#gunzip} and answers 200
 * {@code {}}, without parsing or storing anything. Runs as its own process, like the collector:
 * {@code java -cp ... HttpCeilingServer} prints {@value #READY} and its URL, and serves until killed.
 */
public final class HttpCeilingServer {
    static final String READY = "HTTP ceiling on ";
    private static final int MAX_BODY = 4 << 20;
    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);

    private HttpCeilingServer() {}

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("ceiling-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                dev.candor.collector.http.Bodies.readAll(request, MAX_BODY).whenComplete((body, failure) -> {
                    int status = 200;
                    if (failure != null) {
                        status = 400;
                    } else {
                        try {
                            RequestBody.gunzip(body, MAX_BODY);
                        } catch (BadRequestException | RequestBody.TooLarge e) {
                            status = 400;
                        }
                    }
                    response.setStatus(status);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, OK.length);
                    response.write(true, ByteBuffer.wrap(OK), callback);
                });
                return true;
            }
        });
        server.start();
        System.out.println(READY + "http://127.0.0.1:" + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
