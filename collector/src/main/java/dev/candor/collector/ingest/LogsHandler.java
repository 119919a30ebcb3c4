package dev.candor.collector.ingest;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.http.Bodies;
import dev.candor.collector.http.Replies;
import dev.candor.collector.store.Overloaded;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/logs}: OTLP/HTTP log ingest. Cheap checks come first (method, content type, key,
 * rate limits, declared length) so that refused requests cost almost nothing; the body is read
 * without blocking a thread; the answer goes out only once the events are on disk in the journal.
 */
public final class LogsHandler extends Handler.Abstract.NonBlocking {
    public static final String ROUTE = "/v1/logs";
    private static final Logger LOG = LoggerFactory.getLogger(LogsHandler.class);

    private final IngestContext ctx;

    public LogsHandler(IngestContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long received = System.currentTimeMillis() * 1000;
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return refuse(response, callback, true, 405, OtlpResponse.UNIMPLEMENTED, "use POST for " + ROUTE);
        }
        String type = mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        boolean json = !OtlpResponse.PROTOBUF.equals(type);
        if (!OtlpResponse.JSON.equals(type) && !OtlpResponse.PROTOBUF.equals(type)) {
            return refuse(
                    response,
                    callback,
                    true,
                    415,
                    OtlpResponse.INVALID_ARGUMENT,
                    "Content-Type must be application/json or application/x-protobuf");
        }
        Optional<ToolRegistry.Tool> tool =
                ctx.tools().byKey(bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
        if (tool.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            return refuse(
                    response,
                    callback,
                    json,
                    401,
                    OtlpResponse.UNAUTHENTICATED,
                    "missing or unknown ingest key (Authorization: Bearer <key>)");
        }
        InetAddress network = ctx.clientAddress()
                .clientNetwork(
                        Request.getRemoteAddr(request), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
        long now = System.nanoTime();
        // The network first: a request refused for its network must not spend the tool's budget, or one
        // flooding network would starve every other network of that tool.
        long wait = network == null ? 0 : ctx.perNetwork().acquire(network.getHostAddress(), now);
        if (wait == 0) {
            wait = ctx.perKey().acquire(tool.get().id(), now);
        }
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            return refuse(
                    response, callback, json, 429, OtlpResponse.RESOURCE_EXHAUSTED, "rate limit reached; retry later");
        }
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return refuse(
                    response,
                    callback,
                    json,
                    415,
                    OtlpResponse.INVALID_ARGUMENT,
                    "Content-Encoding must be gzip or identity");
        }
        long length = request.getLength();
        if (length > ctx.maxBodyBytes()) {
            // Answered at once, then the body is read and dropped (up to a bound) so the client can
            // finish sending and read the 413 instead of a reset connection.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            ctx.metrics().request(ROUTE, 413);
            Replies.send(
                    response,
                    Callback.from(() -> Linger.discard(request, lingerBytes(), callback), callback::failed),
                    413,
                    json ? OtlpResponse.JSON : OtlpResponse.PROTOBUF,
                    OtlpResponse.status(
                            json,
                            OtlpResponse.INVALID_ARGUMENT,
                            "the body is larger than " + ctx.maxBodyBytes() + " bytes"));
            return true;
        }
        Bodies.readAll(request, ctx.maxBodyBytes()).whenComplete((body, failure) -> {
            if (failure != null) {
                // Past the limit Jetty fails the read; a body too slow or stalled times out (idle timeout,
                // min-request-data-rate); anything else is a client that went away or sent junk.
                if (RequestBody.timedOut(failure)) {
                    reply(response, callback, json, 408, OtlpResponse.DEADLINE_EXCEEDED, RequestBody.TOO_SLOW);
                    return;
                }
                boolean tooLarge = String.valueOf(failure.getMessage())
                        .toLowerCase(Locale.ROOT)
                        .contains("max");
                if (tooLarge) { // a body without Content-Length that passed the limit: as above
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    ctx.metrics().request(ROUTE, 413);
                    Replies.send(
                            response,
                            Callback.from(() -> Linger.discard(request, lingerBytes(), callback), callback::failed),
                            413,
                            json ? OtlpResponse.JSON : OtlpResponse.PROTOBUF,
                            OtlpResponse.status(
                                    json,
                                    OtlpResponse.INVALID_ARGUMENT,
                                    "the body is larger than " + ctx.maxBodyBytes() + " bytes"));
                    return;
                }
                reply(response, callback, json, 400, OtlpResponse.INVALID_ARGUMENT, "could not read the body");
                return;
            }
            process(tool.get(), body, gzip, json, network, received, response, callback);
        });
        return true;
    }

    private void process(
            ToolRegistry.Tool tool,
            byte[] body,
            boolean gzip,
            boolean json,
            InetAddress network,
            long received,
            Response response,
            Callback callback) {
        BatchAdmission.Admitted admitted;
        try {
            byte[] plain = gzip ? RequestBody.gunzip(body, ctx.maxBodyBytes()) : body;
            List<IncomingRecord> records =
                    json ? ctx.json().decode(plain) : ctx.protobuf().decode(plain);
            admitted = ctx.admission().admit(tool, records, ctx.countries().countryName(network), received);
        } catch (RequestBody.TooLarge e) {
            reply(response, callback, json, 413, OtlpResponse.INVALID_ARGUMENT, e.getMessage());
            return;
        } catch (BadRequestException e) {
            reply(response, callback, json, 400, OtlpResponse.INVALID_ARGUMENT, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("ingest failed on a request: {}", e.getClass().getName());
            reply(response, callback, json, 500, OtlpResponse.UNAVAILABLE, "internal error");
            return;
        }
        admitted.rejectedByReason().forEach(ctx.metrics()::rejected);
        ctx.metrics().droppedAttributes(admitted.droppedAttributes());
        String partial = partialMessage(admitted);
        try {
            ctx.sink()
                    .append(admitted.events())
                    .whenCompleteAsync(
                            (ok, failure) -> {
                                if (failure != null) {
                                    response.getHeaders().put(HttpHeader.RETRY_AFTER, 5);
                                    reply(
                                            response,
                                            callback,
                                            json,
                                            503,
                                            OtlpResponse.UNAVAILABLE,
                                            "the store could not write; retry later");
                                    return;
                                }
                                ctx.metrics()
                                        .accepted(tool.id(), admitted.events().size());
                                ctx.metrics().request(ROUTE, 200);
                                Replies.send(
                                        response,
                                        callback,
                                        200,
                                        json ? OtlpResponse.JSON : OtlpResponse.PROTOBUF,
                                        OtlpResponse.success(json, admitted.rejected(), partial));
                            },
                            ctx.responses());
        } catch (Overloaded e) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
            reply(response, callback, json, 503, OtlpResponse.UNAVAILABLE, "the collector is busy; retry later");
        }
    }

    /**
     * An answer before the body was read: the connection is closed after it, so that a client that
     * keeps connections alive never sends its next request into the unread rest of this one.
     */
    private boolean refuse(Response response, Callback callback, boolean json, int status, int code, String message) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return reply(response, callback, json, status, code, message);
    }

    private boolean reply(Response response, Callback callback, boolean json, int status, int code, String message) {
        ctx.metrics().request(ROUTE, status);
        Replies.send(
                response,
                callback,
                status,
                json ? OtlpResponse.JSON : OtlpResponse.PROTOBUF,
                OtlpResponse.status(json, code, message));
        return true;
    }

    /** How much of an answered, oversized body is read and dropped before the connection closes. */
    private long lingerBytes() {
        return 4L * ctx.maxBodyBytes();
    }

    /** {@code application/json; charset=utf-8} → {@code application/json}. */
    public static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    /**
     * What {@code partialSuccess.errorMessage} tells the client: the records refused, with the first
     * reason, and the attributes dropped because the catalog does not declare them (with nothing
     * refused, OTLP reads the message as a warning). Null when nothing was refused or dropped.
     */
    static String partialMessage(BatchAdmission.Admitted admitted) {
        String refused = admitted.rejected() == 0
                ? null
                : admitted.rejected() + " log record(s) rejected; first: " + admitted.firstProblem();
        String dropped = admitted.droppedAttributes() == 0
                ? null
                : admitted.droppedAttributes() + " attribute(s) dropped: the tool's catalog does not declare them";
        if (refused == null || dropped == null) {
            return refused != null ? refused : dropped;
        }
        return refused + "; " + dropped;
    }
}
