package dev.candor.collector.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.http.Bodies;
import dev.candor.collector.http.Replies;
import dev.candor.collector.json.Json;
import dev.candor.collector.store.Overloaded;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/forget}: erases every stored event of one machine of one tool. The body is
 * {@code {"machineId": "<the client's id>"}} and the tool comes from the ingest key, exactly as
 * {@code <tool> telemetry forget} sends it; the answer is {@code {}}, the same whether the machine sent
 * anything or not, so that it tells nobody whether a machine exists or how much it sent (the count
 * goes to {@code candor_events_forgotten_total}, for the operator). The id is hashed
 * with the server key first, as at ingest, so only its owner can name the rows. The answer goes out
 * once the events are gone from the store and from the journal, so no replay can bring them back.
 */
public final class ForgetHandler extends Handler.Abstract.NonBlocking {
    public static final String ROUTE = "/v1/forget";
    private static final int MAX_BODY = 4096;
    private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final ObjectMapper JSON = Json.MAPPER;

    private final IngestContext ctx;

    public ForgetHandler(IngestContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return refuse(response, callback, 405, "use POST for " + ROUTE);
        }
        if (!OtlpResponse.JSON.equals(LogsHandler.mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE)))) {
            return refuse(response, callback, 415, "Content-Type must be application/json");
        }
        Optional<ToolRegistry.Tool> tool =
                ctx.tools().byKey(LogsHandler.bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
        if (tool.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            return refuse(response, callback, 401, "missing or unknown ingest key (Authorization: Bearer <key>)");
        }
        InetAddress network = ctx.clientAddress()
                .clientNetwork(
                        Request.getRemoteAddr(request), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
        long wait = network == null ? 0 : ctx.perNetwork().acquire(network.getHostAddress(), System.nanoTime());
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            return refuse(response, callback, 429, "rate limit reached; retry later");
        }
        if (request.getLength() > MAX_BODY) {
            return refuse(response, callback, 413, "the body is larger than " + MAX_BODY + " bytes");
        }
        Bodies.readAll(request, MAX_BODY).whenComplete((body, failure) -> {
            if (failure != null) {
                boolean slow = RequestBody.timedOut(failure);
                error(response, callback, slow ? 408 : 400, slow ? RequestBody.TOO_SLOW : "could not read the body");
                return;
            }
            String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            byte[] plain = body;
            if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
                try {
                    plain = RequestBody.gunzip(body, MAX_BODY);
                } catch (BadRequestException | RequestBody.TooLarge e) {
                    error(response, callback, 400, e.getMessage());
                    return;
                }
            }
            String machineId = machineId(plain);
            if (machineId == null) {
                error(
                        response,
                        callback,
                        400,
                        "the body must be {\"machineId\": \"<id>\"} with an id of 1-128 letters, digits or '-'");
                return;
            }
            try {
                ctx.sink()
                        .forget(
                                tool.get().id(),
                                ctx.machineIds().hash(tool.get().id(), machineId))
                        .whenCompleteAsync(
                                (deleted, f) -> {
                                    if (f != null) {
                                        response.getHeaders().put(HttpHeader.RETRY_AFTER, 5);
                                        error(response, callback, 503, "the store could not erase; retry later");
                                        return;
                                    }
                                    ctx.metrics().request(ROUTE, 200);
                                    // Behind Kafka the loaders erase it, after the machine's earlier events; either way
                                    // the answer is the same.
                                    deleted.ifPresent(n -> ctx.metrics().forgotten(n));
                                    Replies.send(
                                            response,
                                            callback,
                                            200,
                                            OtlpResponse.JSON,
                                            "{}".getBytes(StandardCharsets.UTF_8));
                                },
                                ctx.responses());
            } catch (Overloaded e) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
                error(response, callback, 503, "the collector is busy; retry later");
            }
        });
        return true;
    }

    private static String machineId(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode id = root == null ? null : root.get("machineId");
            return id != null
                            && id.isTextual()
                            && MACHINE_ID.matcher(id.asText()).matches()
                    ? id.asText()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** An answer before the body was read: the connection closes after it (see {@link LogsHandler}). */
    private boolean refuse(Response response, Callback callback, int status, String message) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return error(response, callback, status, message);
    }

    private boolean error(Response response, Callback callback, int status, String message) {
        ctx.metrics().request(ROUTE, status);
        Replies.send(
                response,
                callback,
                status,
                OtlpResponse.JSON,
                OtlpResponse.status(
                        true,
                        status == 401
                                ? OtlpResponse.UNAUTHENTICATED
                                : status == 429
                                        ? OtlpResponse.RESOURCE_EXHAUSTED
                                        : status == 503 ? OtlpResponse.UNAVAILABLE : OtlpResponse.INVALID_ARGUMENT,
                        message));
        return true;
    }
}
