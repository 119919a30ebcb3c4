package dev.candor.telemetry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers from a script (200 by
 * default): the stand-in for the collector until it exists. Thread-safe.
 */
public final class RecordingCollector implements AutoCloseable {
    private static final Pattern UID =
            Pattern.compile("\"key\":\"log\\.record\\.uid\",\"value\":\\{\"stringValue\":\"([0-9a-f-]{36})\"");

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();

    private RecordingCollector(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "recording-collector");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port. */
    public static RecordingCollector start() throws IOException {
        return new RecordingCollector(0);
    }

    /** Starts on a given port (to model an endpoint that comes back). */
    public static RecordingCollector startOn(int port) throws IOException {
        return new RecordingCollector(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, as a tool's endpoint. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Queues answers for the next requests; afterwards 200 {@code {}} again. */
    public synchronized RecordingCollector thenAnswer(int status, Map<String, String> headers, String body) {
        script.add(new Answer(status, headers, body));
        return this;
    }

    public synchronized RecordingCollector thenAnswer(int status) {
        return thenAnswer(status, Map.of(), "{}");
    }

    public synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Every {@code log.record.uid} received, duplicates included. */
    public synchronized List<String> uids() {
        List<String> out = new ArrayList<>();
        for (Request r : requests) {
            Matcher m = UID.matcher(r.body());
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Waits until at least {@code n} requests arrived; false on timeout. */
    public synchronized boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        byte[] decoded = raw;
        if ("gzip".equalsIgnoreCase(encoding)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                decoded = in.readAllBytes();
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        Answer answer;
        synchronized (this) {
            requests.add(new Request(
                    ex.getRequestMethod(),
                    ex.getRequestURI().toString(),
                    headers,
                    raw,
                    new String(decoded, StandardCharsets.UTF_8)));
            answer = script.isEmpty() ? new Answer(200, Map.of(), "{}") : script.poll();
            notifyAll();
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One recorded request: the raw bytes as they crossed the wire, and the decompressed body. */
    public record Request(String method, String target, Map<String, String> headers, byte[] raw, String body) {}

    private record Answer(int status, Map<String, String> headers, String body) {}
}
