package dev.candor.collector.ingest;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Reads and discards the rest of a request body the collector has already answered (a 413 for a body
 * over the limit), up to a bound, before the connection closes: a client that sends the whole body
 * before it reads the answer (most do) would otherwise have its connection reset while still sending,
 * never see the 413, and, as OTLP says of network errors, send it again. nginx's lingering close does
 * the same. The bound ({@code maxBytes}) and the connection's idle timeout and minimum data rate keep a
 * sender that never stops from holding the connection.
 */
final class Linger {
    private Linger() {}

    /** Discards up to {@code maxBytes} of the body, then completes {@code done} (never failing it). */
    static void discard(Request request, long maxBytes, Callback done) {
        new Drain(request, maxBytes, done).run();
    }

    private static final class Drain implements Runnable {
        private final Request request;
        private final Callback done;
        private long left;

        Drain(Request request, long maxBytes, Callback done) {
            this.request = request;
            this.left = maxBytes;
            this.done = done;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean last = chunk.isLast();
                boolean failed = Content.Chunk.isFailure(chunk);
                left -= chunk.remaining();
                chunk.release();
                if (last || failed || left <= 0) {
                    done.succeeded();
                    return;
                }
            }
        }
    }
}
