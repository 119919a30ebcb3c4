package dev.candor.collector.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;

/**
 * A reverse proxy like an operator's load balancer: forwards every request to the collector and
 * adds {@code X-Forwarded-For} with the client address it pretends to have seen.
 */
public final class ForwardingProxy implements AutoCloseable {
    private final HttpServer server;

    private ForwardingProxy(HttpServer server) {
        this.server = server;
    }

    public static ForwardingProxy start(URI target, String forwardedFor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> forward(exchange, target, forwardedFor));
        server.start();
        return new ForwardingProxy(server);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void forward(HttpExchange exchange, URI target, String forwardedFor) throws IOException {
        try (exchange) {
            URL url = target.resolve(exchange.getRequestURI().getPath()).toURL();
            HttpURLConnection c = (HttpURLConnection) url.openConnection(java.net.Proxy.NO_PROXY);
            c.setRequestProperty("X-Forwarded-For", forwardedFor);
            answer(exchange, call(exchange, c));
        }
    }

    /** The collector's answer to a forwarded request. */
    record Answer(int status, String contentType, byte[] body) {}

    /** Sends the exchange's method, body and the headers the collector reads through {@code c}. */
    static Answer call(HttpExchange exchange, HttpURLConnection c) throws IOException {
        c.setRequestMethod(exchange.getRequestMethod());
        for (String h : new String[] {"Content-Type", "Content-Encoding", "Authorization"}) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) {
                c.setRequestProperty(h, v);
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length > 0) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        return new Answer(status, c.getContentType(), in == null ? new byte[0] : in.readAllBytes());
    }

    /** Passes the collector's answer back to the client. */
    static void answer(HttpExchange exchange, Answer a) throws IOException {
        if (a.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
        }
        exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
            exchange.getResponseBody().write(a.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
