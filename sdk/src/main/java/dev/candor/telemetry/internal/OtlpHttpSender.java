package dev.candor.telemetry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * One OTLP/HTTP POST with {@code HttpURLConnection} (a fresh JVM posts in milliseconds with it, where
 * {@code java.net.http.HttpClient} takes half a second to start). Classifies the answer as the OTLP
 * specification does: only 429, 502, 503, 504 and network errors are worth retrying. A connection
 * whose answer was read whole goes back to the JDK's keep-alive cache, so the next POST of the same
 * process skips the TCP and TLS handshakes.
 */
public final class OtlpHttpSender {
    private static final long MAX_RETRY_AFTER_MILLIS = 3_600_000L;
    private final URI url;
    private final String bearer;
    private final Optional<Proxy> proxy;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final SSLSocketFactory tls;
    private final int maxAnswerBytes;
    private volatile HttpURLConnection current;
    private volatile long writtenAtNanos;

    public OtlpHttpSender(
            URI url, String ingestKey, Optional<Proxy> proxy, int connectTimeoutMillis, int readTimeoutMillis) {
        this(url, ingestKey, proxy, connectTimeoutMillis, readTimeoutMillis, null);
    }

    /** @param tls the socket factory for https (extra trusted certificates), or null for the JVM's default */
    public OtlpHttpSender(
            URI url,
            String ingestKey,
            Optional<Proxy> proxy,
            int connectTimeoutMillis,
            int readTimeoutMillis,
            SSLSocketFactory tls) {
        this(url, ingestKey, proxy, connectTimeoutMillis, readTimeoutMillis, tls, 16 * 1024);
    }

    /** @param maxAnswerBytes how much of an answer's body to read (the rest is dropped) */
    public OtlpHttpSender(
            URI url,
            String ingestKey,
            Optional<Proxy> proxy,
            int connectTimeoutMillis,
            int readTimeoutMillis,
            SSLSocketFactory tls,
            int maxAnswerBytes) {
        this.tls = tls;
        this.maxAnswerBytes = maxAnswerBytes;
        this.url = url;
        this.bearer = "Bearer " + ingestKey;
        this.proxy = proxy;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Posts a JSON body to the configured URL; never throws. */
    public Outcome post(String json) {
        return post(json, "application/json");
    }

    public Outcome post(String body, String contentType) {
        HttpURLConnection conn = null;
        boolean reusable = false;
        try {
            URL u = url.toURL();
            conn = (HttpURLConnection) (proxy.isPresent() ? u.openConnection(proxy.get()) : u.openConnection());
            if (tls != null && conn instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
            }
            writtenAtNanos = 0;
            current = conn;
            conn.setConnectTimeout(connectTimeoutMillis);
            conn.setReadTimeout(readTimeoutMillis);
            conn.setInstanceFollowRedirects(false);
            conn.setUseCaches(false);
            conn.setDoOutput(true);
            conn.setRequestMethod("POST");
            conn.setRequestProperty("Content-Type", contentType);
            conn.setRequestProperty("Content-Encoding", "gzip");
            conn.setRequestProperty("Authorization", bearer);
            byte[] gz = gzip(body);
            conn.setFixedLengthStreamingMode(gz.length);
            try (OutputStream out = conn.getOutputStream()) {
                out.write(gz);
            }
            writtenAtNanos = System.nanoTime() | 1;
            int status = conn.getResponseCode();
            String responseBody = drain(conn, status, maxAnswerBytes);
            reusable = status >= 200 && status < 300;
            if (status >= 200 && status < 300) {
                return new Outcome(Kind.DELIVERED, status, 0, responseBody, "");
            }
            // Redirects are not followed (the ingest key must not travel to another host) but the batch
            // is kept: a moved collector is a configuration problem, not a reason to lose events.
            // An answer that is not HTTP at all (status -1) counts as a network error, not a rejection.
            if (status < 100
                    || status == 429
                    || status == 502
                    || status == 503
                    || status == 504
                    || (status >= 300 && status < 400)) {
                return new Outcome(
                        Kind.RETRY, status, retryAfterMillis(conn.getHeaderField("Retry-After")), responseBody, "");
            }
            return new Outcome(Kind.REJECTED, status, 0, responseBody, "");
        } catch (IOException | RuntimeException e) {
            return new Outcome(Kind.RETRY, -1, 0, "", e.getClass().getSimpleName());
        } finally {
            current = null;
            if (conn != null && !reusable) {
                conn.disconnect();
            }
        }
    }

    /**
     * Cuts the open request off from another thread. A thread blocked in socket I/O when the JVM exits
     * makes HotSpot wait up to 300 ms for it; a run that will not wait for its request closes it instead.
     */
    public void abort() {
        HttpURLConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }

    /** Nanoseconds since the open request's body was fully written; 0 when it is not yet written. */
    public long writtenAgoNanos() {
        long at = writtenAtNanos;
        return at == 0 ? 0 : System.nanoTime() - at;
    }

    /** Loads the classes of a POST ahead of time, off the critical path, so the exit-time send is quick. */
    public static void warmUp() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:9/").openConnection(Proxy.NO_PROXY);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json");
            gzip("{}");
        } catch (IOException | RuntimeException e) {
            // Warming up is an optimisation only.
        }
    }

    static byte[] gzip(String body) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(body.length() / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String drain(HttpURLConnection conn, int status, int maxBytes) {
        try (InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
            if (in == null) {
                return "";
            }
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Seconds or an HTTP date; capped at an hour so a hostile header cannot silence telemetry for ever. */
    static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return Math.max(0, Math.min(MAX_RETRY_AFTER_MILLIS, seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                long millis = Duration.between(ZonedDateTime.now(when.getZone()), when)
                        .toMillis();
                return Math.max(0, Math.min(MAX_RETRY_AFTER_MILLIS, millis));
            } catch (RuntimeException e) {
                return 0;
            }
        }
    }

    /** How a POST ended. */
    public enum Kind {
        DELIVERED,
        RETRY,
        REJECTED
    }

    /**
     * Result of one POST: kind, HTTP status ({@code -1} for a network error), the collector's Retry-After,
     * the answer's body, and for a network error the exception's type (never its message, which may name hosts).
     */
    public record Outcome(Kind kind, int status, long retryAfterMillis, String body, String failure) {
        /** {@code partialSuccess.rejectedLogRecords} of a 2xx answer: the events the collector refused; 0 when none. */
        public long refusedRecords() {
            int at = body.indexOf("\"rejectedLogRecords\"");
            if (at < 0) {
                return 0;
            }
            int i = body.indexOf(':', at) + 1;
            while (i > 0 && i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '"')) {
                i++;
            }
            long n = 0;
            for (; i > 0 && i < body.length() && Character.isDigit(body.charAt(i)) && n < Integer.MAX_VALUE; i++) {
                n = n * 10 + (body.charAt(i) - '0');
            }
            return n;
        }

        /**
         * What the collector said: {@code partialSuccess.errorMessage} of a 2xx answer, or the {@code message}
         * of an OTLP status for a refusal, as printable ASCII of at most 200 characters; empty when none.
         */
        public String collectorMessage() {
            String text = stringField(kind == Kind.DELIVERED ? "errorMessage" : "message");
            if (text.isEmpty() && kind == Kind.REJECTED) {
                text = hint(status); // HttpURLConnection keeps no error body of a 401 to a streamed request
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length() && out.length() < 200; i++) {
                char c = text.charAt(i);
                out.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
            return out.toString();
        }

        /** What a refusal without a readable message most likely means. */
        private static String hint(int status) {
            return switch (status) {
                case 401, 403 -> "(HTTP " + status + ") the collector does not know this tool's ingest key";
                case 404 -> "(HTTP 404) no OTLP logs route there: is the endpoint the collector's base URL?";
                case 413 -> "(HTTP 413) the batch is larger than the collector accepts";
                case 415 -> "(HTTP 415) the collector does not take this content type";
                default -> "";
            };
        }

        private String stringField(String name) {
            int at = body.indexOf("\"" + name + "\"");
            int open = at < 0 ? -1 : body.indexOf('"', body.indexOf(':', at) + 1);
            if (open < 0) {
                return "";
            }
            StringBuilder out = new StringBuilder();
            for (int i = open + 1; i < body.length() && body.charAt(i) != '"'; i++) {
                char c = body.charAt(i);
                if (c == '\\' && i + 1 < body.length()) {
                    c = body.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
    }
}
