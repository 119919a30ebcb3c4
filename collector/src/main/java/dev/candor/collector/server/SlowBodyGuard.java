package dev.candor.collector.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cuts off a request whose body arrives slower than {@code min-request-data-rate} bytes per second,
 * measured for that request alone from its first bytes, once the body has had a second: the read fails
 * with a {@link TimeoutException} and the handler answers 408. A sender that stops sending altogether
 * is left to the idle timeout.
 *
 * <p>Why not Jetty's own: in Jetty 12, {@code HttpConfiguration.setMinRequestDataRate} is applied
 * only by the servlet layer, and {@code MinimumDataRateHandler} compares with the bytes read by all
 * requests together, so a trickle beside normal traffic is never caught. Handlers read bodies
 * asynchronously, so a trickle holds a connection, not a thread; this bounds how long.
 */
final class SlowBodyGuard extends Handler.Wrapper {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long minBytesPerSecond;

    SlowBodyGuard(Handler next, long minBytesPerSecond) {
        super(next);
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        return next.handle(minBytesPerSecond > 0 ? new RateCheckedRequest(request) : request, response, callback);
    }

    /** Reads are serialised by the Content.Source contract, so plain fields do. */
    private final class RateCheckedRequest extends Request.Wrapper {
        private long firstReadNanos = -1;
        private long bytes;
        private Content.Chunk failure;

        RateCheckedRequest(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk == null || Content.Chunk.isFailure(chunk)) {
                return chunk;
            }
            long now = System.nanoTime();
            if (firstReadNanos < 0) {
                // From the first bytes, not the first read: a read that finds nothing yet, then a wait for
                // the rest of the body on a busy server, is not the sender's slowness.
                if (!chunk.hasRemaining()) {
                    return chunk;
                }
                firstReadNanos = now;
            }
            bytes += chunk.remaining();
            long elapsed = now - firstReadNanos;
            if (!chunk.isLast() && elapsed > GRACE_NANOS && bytes < minBytesPerSecond * elapsed / 1_000_000_000L) {
                chunk.release();
                failure = Content.Chunk.from(new TimeoutException(
                        "the request body arrived slower than " + minBytesPerSecond + " bytes per second"));
                return failure;
            }
            return chunk;
        }
    }
}
