package dev.candor.collector.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What stands between a tool and the real collector: in {@link Mode#FORWARD} a plain reverse proxy
 * that notes every {@code log.record.uid} it passes on (so that a uid sent twice is seen even though
 * the collector would keep it once), and on command a failing collector: slow, 500, 429 with
 * {@code Retry-After}, or a redirect to itself.
 */
public final class FaultyEndpoint implements AutoCloseable {
    private static final Pattern UID =
            Pattern.compile("\"key\":\"log\\.record\\.uid\",\"value\":\\{\"stringValue\":\"([0-9a-f-]{36})\"");

    /** How the endpoint answers. */
    public enum Mode {
        FORWARD,
        SLOW,
        ANSWER_500,
        ANSWER_429,
        REDIRECT_LOOP
    }

    private final HttpServer server;
    private final URI collector;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> forwardedUids = new ArrayList<>();
    private final Duration slowness;
    private volatile Mode mode = Mode.FORWARD;

    private FaultyEndpoint(URI collector, Duration slowness) throws IOException {
        this.collector = collector;
        this.slowness = slowness;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-endpoint");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** In {@link Mode#SLOW} each request is held for {@code slowness} before it is passed on. */
    public static FaultyEndpoint start(URI collector, Duration slowness) throws IOException {
        return new FaultyEndpoint(collector, slowness);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Leaving {@link Mode#SLOW} lets the requests it holds go on to the collector at once. */
    public void mode(Mode mode) {
        this.mode = mode;
        if (mode != Mode.SLOW) {
            released.countDown();
        }
    }

    /** Every uid passed on to the collector, once per time it was passed on. */
    public synchronized List<String> forwardedUids() {
        return new ArrayList<>(forwardedUids);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            switch (mode) {
                case ANSWER_500 -> answer(exchange, 500, "{\"code\":13,\"message\":\"internal error\"}");
                case ANSWER_429 -> {
                    exchange.getResponseHeaders().set("Retry-After", "2");
                    answer(exchange, 429, "{\"code\":8,\"message\":\"slow down\"}");
                }
                case REDIRECT_LOOP -> {
                    exchange.getResponseHeaders()
                            .set("Location", url() + exchange.getRequestURI().getPath());
                    exchange.sendResponseHeaders(302, -1);
                }
                case SLOW -> {
                    // The delay of a collector that is slow, not gone: afterwards it does its work.
                    released.await(slowness.toMillis(), TimeUnit.MILLISECONDS);
                    forward(exchange, body);
                }
                default -> forward(exchange, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        String key = exchange.getRequestHeaders().getFirst("Authorization");
        HttpResponse<byte[]> r = Http.post(
                collector,
                exchange.getRequestURI().getPath(),
                body,
                "Content-Type",
                exchange.getRequestHeaders().getFirst("Content-Type"),
                "Content-Encoding",
                encoding == null ? "identity" : encoding,
                "Authorization",
                key == null ? "" : key);
        if (r.statusCode() == 200) {
            String json = new String(
                    "gzip".equalsIgnoreCase(encoding) ? gunzip(body) : body, java.nio.charset.StandardCharsets.UTF_8);
            Matcher m = UID.matcher(json);
            synchronized (this) {
                while (m.find()) {
                    forwardedUids.add(m.group(1));
                }
            }
        }
        exchange.getResponseHeaders()
                .set("Content-Type", r.headers().firstValue("Content-Type").orElse("application/json"));
        exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        if (r.body().length > 0) {
            exchange.getResponseBody().write(r.body());
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, b.length);
        exchange.getResponseBody().write(b);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
