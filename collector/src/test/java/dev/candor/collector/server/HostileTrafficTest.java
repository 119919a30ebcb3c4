package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.CollectorProcess;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile requests, interleaved with valid traffic, against the collector as its own
 * process: it never answers 5xx to bad input, never dies or stalls, and stores every acknowledged
 * valid event exactly once. 2,000 requests and 1,000 idle connections in every build;
 * {@code collector/scripts/hostile.sh} runs more ({@code -Dcandor.hostile.requests=N},
 * {@code -Dcandor.hostile.idle=N}) and prints the counts by kind and status.
 */
class HostileTrafficTest {
    private static final String KEY = "forge-public-ingest-key";
    private static final String[] KINDS = {
        "valid",
        "random-bytes",
        "truncated-json",
        "wrong-content-type",
        "no-content-type",
        "invalid-utf8",
        "deep-nesting",
        "huge-string",
        "many-attributes",
        "gzip-bomb",
        "bad-gzip",
        "wrong-key",
        "no-key",
        "unknown-tool",
        "protobuf-garbage",
        "raw-garbage-http",
        "oversized-header",
        "bad-forget"
    };

    @TempDir
    Path dir;

    private final Map<String, SortedMap<Integer, Long>> counts = new ConcurrentSkipListMap<>();
    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    void hostileTrafficGetsFourHundredsAndValidTrafficIsStoredOnce() throws Exception {
        int requests = Integer.getInteger("candor.hostile.requests", 2000);
        int idleConnections = Integer.getInteger("candor.hostile.idle", 1000);
        Path data = dir.resolve("data");
        Path log = dir.resolve("collector.log");
        long peakRssKb;
        List<String> serverCounts;
        List<Socket> idle = new ArrayList<>();
        try (CollectorProcess collector = CollectorProcess.start(
                data, log, Map.of("CANDOR_RATE_LIMIT_PER_NETWORK", "0", "CANDOR_RATE_LIMIT_PER_KEY", "0"))) {
            for (int i = 0; i < idleConnections; i++) { // idle connections that never send a byte
                idle.add(new Socket(
                        collector.baseUri().getHost(), collector.baseUri().getPort()));
            }
            AtomicLong next = new AtomicLong();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 1000L + t;
                Thread thread = new Thread(() -> {
                    Random r = new Random(seed);
                    long n;
                    while ((n = next.getAndIncrement()) < requests) {
                        String kind = n % 3 == 0 ? "valid" : KINDS[1 + r.nextInt(KINDS.length - 1)];
                        counts.computeIfAbsent(kind, k -> new ConcurrentSkipListMap<>())
                                .merge(send(collector.baseUri(), kind, r), 1L, Long::sum);
                    }
                });
                thread.start();
                senders.add(thread);
            }
            for (Thread t : senders) {
                t.join();
            }
            assertThat(Http.text(Http.get(collector.baseUri(), "/healthz")))
                    .as("still serving")
                    .isEqualTo("ok\n");
            peakRssKb = collector.procStatus("VmHWM");
            serverCounts = Http.text(Http.get(collector.baseUri(), "/metrics"))
                    .lines()
                    .filter(l -> l.startsWith("candor_http_requests_total{route=\"/v1/logs\""))
                    .toList();
            for (Socket s : idle) {
                s.close();
            }
            collector.kill();
        }
        List<String> stored = CollectorProcess.storedEventIds(data, log);
        System.out.println("hostile traffic: requests=" + requests + " idle_connections=" + idleConnections
                + " peak_rss_kb=" + peakRssKb + " by kind and status="
                + counts + " acknowledged_valid_events=" + acknowledged.size() + " stored=" + stored.size()
                + " the collector's own count of /v1/logs answers=" + serverCounts
                + " (" + sentToLogs() + " sent through HTTP clients, "
                + serverCounts.stream()
                        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum() + " answered)");

        counts.forEach((kind, byStatus) -> assertThat(byStatus.keySet())
                .as("%s answers", kind)
                .allMatch(status -> status < 500 || status == 599 && !kind.equals("valid")));
        assertThat(counts.get("valid")).as("valid requests").containsOnlyKeys(200);
        assertThat(stored).hasSize(acknowledged.size()).doesNotHaveDuplicates();
        assertThat(stored.stream().map(UUID::fromString).toList()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(Files.readString(log)).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(peakRssKb).as("resident memory of a collector with -Xmx512m").isLessThan(1_500_000);
    }

    /** Requests to /v1/logs sent through an HTTP client (not a raw socket), by the test's own count. */
    private long sentToLogs() {
        return counts.entrySet().stream()
                .filter(e -> !Set.of("raw-garbage-http", "oversized-header", "bad-forget")
                        .contains(e.getKey()))
                .flatMap(e -> e.getValue().values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Sends one request of the kind; returns its status, or 599 when the collector closed the connection instead. */
    private int send(URI base, String kind, Random r) {
        try {
            switch (kind) {
                case "valid" -> {
                    List<UUID> uids = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        uids.add(UUID.randomUUID());
                    }
                    HttpResponse<byte[]> res =
                            Http.postLogs(base, KEY, OtlpBodies.commands("forge", "m" + r.nextInt(50), uids, "build"));
                    if (res.statusCode() == 200) {
                        acknowledged.addAll(uids);
                    }
                    return res.statusCode();
                }
                case "random-bytes" -> {
                    byte[] b = new byte[r.nextInt(4096)];
                    r.nextBytes(b);
                    return post(base, "/v1/logs", b, "application/json", null, KEY);
                }
                case "truncated-json" -> {
                    String body = OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build");
                    return post(
                            base,
                            "/v1/logs",
                            body.substring(0, r.nextInt(body.length())).getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            KEY);
                }
                case "wrong-content-type" -> {
                    return post(base, "/v1/logs", "{}".getBytes(StandardCharsets.UTF_8), "text/html", null, KEY);
                }
                case "no-content-type" -> {
                    return post(base, "/v1/logs", "{}".getBytes(StandardCharsets.UTF_8), null, null, KEY);
                }
                case "invalid-utf8" -> {
                    byte[] body = OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "bu\u00ffild")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    return post(base, "/v1/logs", body, "application/json", null, KEY);
                }
                case "deep-nesting" -> {
                    int depth = 1000 + r.nextInt(50_000);
                    return post(
                            base,
                            "/v1/logs",
                            ("{\"resourceLogs\":" + "[".repeat(depth)).getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            KEY);
                }
                case "huge-string" -> { // well-formed: stored, with the string cut
                    UUID uid = UUID.randomUUID();
                    String body = OtlpBodies.body(
                            OtlpBodies.resource("forge", "m"),
                            "{\"eventName\":\"cli.command\",\"attributes\":["
                                    + OtlpBodies.attr("log.record.uid", uid.toString()) + ","
                                    + OtlpBodies.attr("command.path", "x".repeat(1 << 20)) + "]}");
                    int status = post(
                            base,
                            "/v1/logs",
                            Http.gzip(body.getBytes(StandardCharsets.UTF_8)),
                            "application/json",
                            "gzip",
                            KEY);
                    if (status == 200) {
                        acknowledged.add(uid);
                    }
                    return status;
                }
                case "many-attributes" -> {
                    StringBuilder attrs = new StringBuilder();
                    for (int i = 0; i < 20_000; i++) {
                        attrs.append(i == 0 ? "" : ",").append(OtlpBodies.attr("k" + i, "v"));
                    }
                    return post(
                            base,
                            "/v1/logs",
                            Http.gzip(OtlpBodies.body(attrs.toString(), "").getBytes(StandardCharsets.UTF_8)),
                            "application/json",
                            "gzip",
                            KEY);
                }
                case "gzip-bomb" -> {
                    return post(base, "/v1/logs", BOMB, "application/json", "gzip", KEY);
                }
                case "bad-gzip" -> {
                    byte[] gz = Http.gzip("{\"resourceLogs\":[]}".getBytes(StandardCharsets.UTF_8));
                    gz[gz.length / 2] ^= 0x5a;
                    return post(base, "/v1/logs", gz, "application/json", "gzip", KEY);
                }
                case "wrong-key" -> {
                    return post(
                            base,
                            "/v1/logs",
                            "{}".getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            "wrong-" + r.nextInt());
                }
                case "no-key" -> {
                    return post(
                            base, "/v1/logs", "{}".getBytes(StandardCharsets.UTF_8), "application/json", null, null);
                }
                case "unknown-tool" -> {
                    return Http.postLogs(
                                    base, KEY, OtlpBodies.commands("not-forge", "m", List.of(UUID.randomUUID()), "x"))
                            .statusCode();
                }
                case "protobuf-garbage" -> {
                    byte[] b = new byte[1 + r.nextInt(512)];
                    r.nextBytes(b);
                    return post(base, "/v1/logs", b, "application/x-protobuf", null, KEY);
                }
                case "raw-garbage-http" -> {
                    byte[] b = new byte[1 + r.nextInt(2048)];
                    r.nextBytes(b);
                    return raw(base, b);
                }
                case "oversized-header" -> {
                    return raw(
                            base,
                            ("POST /v1/logs HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(64 * 1024) + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                }
                case "bad-forget" -> {
                    return post(
                            base,
                            "/v1/forget",
                            ("{\"machineId\":" + r.nextInt() + "}").getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            KEY);
                }
                default -> throw new IllegalArgumentException(kind);
            }
        } catch (RuntimeException connectionClosed) {
            return 599;
        }
    }

    private static final byte[] BOMB = Http.gzip(new byte[32 << 20]);

    /**
     * The malformed requests' own HTTP client, apart from the valid traffic's ({@link Http}), both on
     * HTTP/1.1. Valid requests once got answers meant for others (431, 405, 408, none): not the
     * clients' doing but Jetty's pooled request buffers, which a malformed request shared between two
     * connections ({@link MalformedRequestIsolationTest}, docs/RELIABILITY.md).
     */
    private static final HttpClient HOSTILE = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static int post(URI base, String path, byte[] body, String contentType, String encoding, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return HOSTILE.send(b.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A raw request; the status from the answer's first line, or 599 if the collector only closed. */
    private static int raw(URI base, byte[] request) throws RuntimeException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : 599;
        } catch (java.io.IOException e) {
            return 599;
        }
    }
}
