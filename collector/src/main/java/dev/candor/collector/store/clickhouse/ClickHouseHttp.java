package dev.candor.collector.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.json.Json;
import dev.candor.collector.store.StoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * ClickHouse's HTTP interface (port 8123): one statement per request, the statement in the body or,
 * for an insert, in the URL with the rows as the body. A non-200 answer is a {@link StoreException}
 * carrying the first line of ClickHouse's message.
 */
final class ClickHouseHttp {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient client;
    private final URI base;
    private final String database;

    ClickHouseHttp(URI base, String database) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = base;
        this.database = database;
    }

    /** Runs a statement in this database and returns ClickHouse's answer (rows in the query's FORMAT). */
    String query(String sql) throws StoreException {
        return send(request("").POST(HttpRequest.BodyPublishers.ofString(sql)).build(), sql);
    }

    /** Runs a statement with no database selected (CREATE DATABASE). */
    /** The rows of a query, one JSON object each (ClickHouse's {@code JSONEachRow}). */
    List<JsonNode> rows(String sql) throws StoreException {
        String answer = query(sql + " FORMAT JSONEachRow");
        List<JsonNode> rows = new ArrayList<>();
        try {
            for (String line : answer.split("\n")) {
                if (!line.isBlank()) {
                    rows.add(Json.MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new StoreException(
                    "ClickHouse's answer is not JSONEachRow: " + e.getClass().getSimpleName(), e);
        }
        return rows;
    }

    String queryWithoutDatabase(String sql) throws StoreException {
        return send(
                HttpRequest.newBuilder(base.resolve("/"))
                        .timeout(TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(sql))
                        .build(),
                sql);
    }

    /** Inserts rows of {@code JSONEachRow} into {@code table}. */
    void insertJsonRows(String table, byte[] rows) throws StoreException {
        String sql = "INSERT INTO " + table + " FORMAT JSONEachRow";
        send(
                request("&query=" + encode(sql))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(rows))
                        .build(),
                sql);
    }

    /**
     * Runs a query that reads one more table sent with it, {@code name} with the given structure
     * ({@code "id UUID"}) and rows in TabSeparated: ClickHouse's "external data", which has no size
     * limit as a literal list in the query would.
     */
    String queryWithTable(String sql, String name, String structure, byte[] tsvRows) throws StoreException {
        String boundary = "candor-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        String params = "&query=" + encode(sql) + "&" + name + "_structure=" + encode(structure) + "&" + name
                + "_format=TabSeparated";
        HttpRequest r = request(params)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(tsvRows),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        return send(r, sql);
    }

    private HttpRequest.Builder request(String moreParams) {
        return HttpRequest.newBuilder(base.resolve("/?database=" + encode(database) + moreParams))
                .timeout(TIMEOUT);
    }

    private String send(HttpRequest r, String sql) throws StoreException {
        HttpResponse<String> answer;
        try {
            answer = client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new StoreException("cannot reach ClickHouse at " + base + " (connection refused)", e);
        } catch (HttpTimeoutException e) {
            throw new StoreException("ClickHouse at " + base + " did not answer in time", e);
        } catch (IOException e) {
            throw new StoreException(
                    "ClickHouse at " + base + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for ClickHouse", e);
        }
        if (answer.statusCode() != 200) {
            // ClickHouse's message quotes what it could not parse or find, row data included, and this
            // message reaches the log and the dashboard: only its error code is kept (ClickHouse's own
            // log, at the same time, has the rest).
            throw new StoreException("ClickHouse answered " + answer.statusCode() + " to " + verb(sql) + " ("
                    + errorCode(answer.body()) + ")");
        }
        return answer.body();
    }

    /** The statement's first word ({@code SELECT}, {@code INSERT}, {@code ALTER}): never a literal of it. */
    static String verb(String sql) {
        String s = sql.strip();
        int end = 0;
        while (end < s.length() && end < 16 && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return end == 0 ? "a statement" : s.substring(0, end).toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code Code: 27} from ClickHouse's answer, or that there was none. */
    static String errorCode(String body) {
        int at = body.indexOf("Code: ");
        if (at < 0) {
            return "no error code";
        }
        int end = at + 6;
        while (end < body.length() && end < at + 12 && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return end == at + 6 ? "no error code" : "ClickHouse error code " + body.substring(at + 6, end);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A string literal: quoted, with backslash and quote escaped. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    URI base() {
        return base;
    }
}
