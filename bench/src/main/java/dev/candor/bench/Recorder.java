package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.LOOPBACK;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A recording OTLP/HTTP logs endpoint. Records every {@code log.record.uid} it receives (so duplicates
 * from a resent batch are visible) and answers 200 {@code {}}. A small pool serves requests, so a slow
 * or abandoned upload from a run that exited mid-request does not hold up the next run's POST.
 */
final class Recorder implements Endpoint {
    static final Pattern UID =
            Pattern.compile("\"key\":\"log\\.record\\.uid\",\"value\":\\{\"stringValue\":\"([^\"]+)\"\\}");
    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;
    private final ExecutorService pool;
    private final Set<String> uids = ConcurrentHashMap.newKeySet();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong brokenRequests = new AtomicLong();

    private Recorder(HttpServer server) {
        this.server = server;
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "recorder");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Listens on the port (0 for any). A port just released by the black hole binds at once: the JDK's
     * server sockets set SO_REUSEADDR on Linux.
     */
    static Recorder start(int port) throws IOException {
        try {
            return new Recorder(HttpServer.create(new InetSocketAddress(LOOPBACK, port), 128));
        } catch (BindException e) {
            throw new IOException("could not listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    Set<String> uids() {
        return uids;
    }

    long records() {
        return records.get();
    }

    long requests() {
        return requests.get();
    }

    long brokenRequests() {
        return brokenRequests.get();
    }

    private void handle(HttpExchange exchange) {
        try {
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals("/v1/logs")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String body = new String(readBody(exchange), StandardCharsets.UTF_8);
            // Recorded only once the whole body arrived: a run that died mid-upload delivered nothing.
            Matcher m = UID.matcher(body);
            while (m.find()) {
                records.incrementAndGet();
                uids.add(m.group(1));
            }
            requests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(OK);
            }
        } catch (IOException | RuntimeException e) {
            brokenRequests.incrementAndGet();
        } finally {
            exchange.close();
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream raw = exchange.getRequestBody();
        try (InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
