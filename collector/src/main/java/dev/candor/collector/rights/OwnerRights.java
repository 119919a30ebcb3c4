package dev.candor.collector.rights;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.http.Bodies;
import dev.candor.collector.http.Replies;
import dev.candor.collector.http.Route;
import dev.candor.collector.ingest.BadRequestException;
import dev.candor.collector.ingest.IngestContext;
import dev.candor.collector.ingest.LogsHandler;
import dev.candor.collector.ingest.OtlpResponse;
import dev.candor.collector.ingest.RateLimiter;
import dev.candor.collector.ingest.RequestBody;
import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.Overloaded;
import dev.candor.common.OwnerProof;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The user's rights over what the collector holds: {@code POST /v1/access} (see it) and {@code POST
 * /v1/forget} (erase it), for one machine of one tool, only for the holder of the machine's owner key.
 *
 * <p>The tool comes from the ingest key. The body ({@link OwnerRequest}) names the machine id and the
 * owner key and is signed with the key's private half; the rows are found by the hash of the machine
 * id <em>and</em> the key, as at ingest. So a stranger who knows a machine id (or the MAC it hashes) can
 * sign a request only with a key of their own, which names no rows: they get the answer of a machine
 * that never sent anything, and cannot tell whether this one did. Every answer depends only on the
 * request, never on what is stored: {@code {}} for an erasure (the count goes to {@code
 * candor_events_forgotten_total}, for the operator), the machine's rows for access. Each request is
 * single-use and valid for {@value OwnerProof#MAX_CLOCK_SKEW_SECONDS} seconds ({@link ReplayGuard}),
 * and both routes share a strict per-network rate limit.
 */
public final class OwnerRights {
    public static final String ACCESS_ROUTE = "/v1/access";
    public static final String FORGET_ROUTE = "/v1/forget";
    /** The newest raw events an access answer holds; its {@code eventCount} says how many there are. */
    public static final int MAX_EVENTS = 20_000;

    private static final int MAX_BODY = 4096;

    /**
     * Reads one machine's rows after every batch acknowledged before the request (the embedded store),
     * or as the store holds them now (ClickHouse behind Kafka: loaders may still be on their way).
     */
    @FunctionalInterface
    public interface Reader {
        CompletableFuture<HeldData> read(String tool, String machineId, int maxEvents) throws Overloaded;
    }

    private final IngestContext ctx;
    private final Reader reader;
    private final RateLimiter perNetwork;
    private final ReplayGuard replays;
    private final int retentionDays;
    private final Clock clock;

    /**
     * @param perNetwork requests per second per client network for both routes together, e.g. a few a
     *     minute: a person asks rarely, a guesser asks often
     */
    public OwnerRights(IngestContext ctx, Reader reader, RateLimiter perNetwork, int retentionDays, Clock clock) {
        this.ctx = ctx;
        this.reader = reader;
        this.perNetwork = perNetwork;
        this.replays = new ReplayGuard(OwnerProof.MAX_CLOCK_SKEW_SECONDS, 100_000);
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    /** The two routes, for the collector's route table. */
    public List<Route> routes() {
        return List.of(
                new Route(ACCESS_ROUTE, false, new RightHandler(ACCESS_ROUTE)),
                new Route(FORGET_ROUTE, false, new RightHandler(FORGET_ROUTE)));
    }

    private final class RightHandler extends Handler.Abstract.NonBlocking {
        private final String route;

        RightHandler(String route) {
            this.route = route;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"POST".equals(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                return refuse(response, callback, 405, "use POST for " + route);
            }
            if (!OtlpResponse.JSON.equals(
                    LogsHandler.mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE)))) {
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
                            Request.getRemoteAddr(request),
                            request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
            long wait = network == null ? 0 : perNetwork.acquire(network.getHostAddress(), System.nanoTime());
            if (wait > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
                return refuse(response, callback, 429, "too many access or erasure requests; retry later");
            }
            if (request.getLength() > MAX_BODY) {
                return refuse(response, callback, 413, "the body is larger than " + MAX_BODY + " bytes");
            }
            Bodies.readAll(request, MAX_BODY).whenComplete((body, failure) -> {
                if (failure != null) {
                    boolean slow = RequestBody.timedOut(failure);
                    error(
                            response,
                            callback,
                            slow ? 408 : 400,
                            slow ? RequestBody.TOO_SLOW : "could not read the body");
                    return;
                }
                try {
                    answer(tool.get().id(), plain(request, body), response, callback);
                } catch (BadRequestException | RequestBody.TooLarge e) {
                    error(response, callback, 400, e.getMessage());
                }
            });
            return true;
        }

        private void answer(String tool, byte[] body, Response response, Callback callback) throws BadRequestException {
            OwnerRequest r = OwnerRequest.parse(body);
            if (!r.signedFor(route, tool)) {
                error(
                        response,
                        callback,
                        403,
                        "the signature does not verify: it must be the owner key's signature of this route, tool,"
                                + " machine id, key, time and nonce (docs/WIRE.md)");
                return;
            }
            switch (replays.admit(
                    r.ownerKey(), r.nonce(), r.time(), clock.instant().getEpochSecond())) {
                case OUT_OF_WINDOW -> {
                    error(
                            response,
                            callback,
                            403,
                            "the request's time is more than " + OwnerProof.MAX_CLOCK_SKEW_SECONDS
                                    + " seconds from the collector's clock: check this machine's clock, then send a new"
                                    + " request");
                    return;
                }
                case REPLAYED -> {
                    error(response, callback, 403, "this request was already used; sign a new one (a new nonce)");
                    return;
                }
                case FULL -> {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, 60);
                    error(response, callback, 503, "too many access or erasure requests at once; retry later");
                    return;
                }
                case FRESH -> {}
            }
            String machine = ctx.machineIds().hash(tool, r.machineId(), r.ownerKey());
            try {
                if (route.equals(FORGET_ROUTE)) {
                    ctx.sink()
                            .forget(tool, machine)
                            .whenCompleteAsync(
                                    (deleted, f) -> {
                                        if (f != null) {
                                            unavailable(response, callback, "the store could not erase; retry later");
                                            return;
                                        }
                                        // Behind Kafka the loaders erase it, after the machine's earlier events; either
                                        // way
                                        // the answer is the same.
                                        deleted.ifPresent(n -> ctx.metrics().forgotten(n));
                                        ok(response, callback, "{}".getBytes(StandardCharsets.UTF_8));
                                    },
                                    ctx.responses());
                } else {
                    reader.read(tool, machine, MAX_EVENTS)
                            .whenCompleteAsync(
                                    (held, f) -> {
                                        if (f != null) {
                                            unavailable(response, callback, "the store could not be read; retry later");
                                            return;
                                        }
                                        ok(
                                                response,
                                                callback,
                                                HeldDocument.write(tool, held, MAX_EVENTS, retentionDays));
                                    },
                                    ctx.responses());
                }
            } catch (Overloaded e) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
                error(response, callback, 503, "the collector is busy; retry later");
            }
        }

        private byte[] plain(Request request, byte[] body) throws BadRequestException, RequestBody.TooLarge {
            String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
                return body;
            }
            if (encoding.trim().equalsIgnoreCase("gzip")) {
                return RequestBody.gunzip(body, MAX_BODY);
            }
            throw new BadRequestException("Content-Encoding must be gzip or none");
        }

        private void ok(Response response, Callback callback, byte[] body) {
            ctx.metrics().request(route, 200);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Replies.send(response, callback, 200, OtlpResponse.JSON, body);
        }

        private void unavailable(Response response, Callback callback, String message) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, 5);
            error(response, callback, 503, message);
        }

        /** An answer before the body was read: the connection closes after it (see {@link LogsHandler}). */
        private boolean refuse(Response response, Callback callback, int status, String message) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return error(response, callback, status, message);
        }

        private boolean error(Response response, Callback callback, int status, String message) {
            ctx.metrics().request(route, status);
            int code = switch (status) {
                case 401 -> OtlpResponse.UNAUTHENTICATED;
                case 403 -> OtlpResponse.PERMISSION_DENIED;
                case 429 -> OtlpResponse.RESOURCE_EXHAUSTED;
                case 503 -> OtlpResponse.UNAVAILABLE;
                default -> OtlpResponse.INVALID_ARGUMENT;
            };
            Replies.send(response, callback, status, OtlpResponse.JSON, OtlpResponse.status(true, code, message));
            return true;
        }
    }
}
