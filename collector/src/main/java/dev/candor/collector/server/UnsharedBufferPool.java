package dev.candor.collector.server;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Retainable;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's buffers, never shared: each acquire is a fresh heap buffer, and releasing one more time than
 * it was retained is harmless. Why not Jetty's pool: in Jetty 12.1.14 a malformed request (headers
 * over the limit, bytes that are not HTTP) whose client closes early makes {@code HttpConnection}
 * release its request buffer twice, from two threads (the bad-message task races the connection's
 * own read loop). With a pool, that buffer then serves two connections at once, and requests are
 * parsed from another connection's bytes: a valid request answered 431 or 405, one never answered,
 * "multiple Host headers" on a request that sent one. Plain Jetty with a one-line handler does the
 * same under a stream of such requests (docs/RELIABILITY.md, "The pooled-buffer race").
 * Fresh buffers cost the garbage collector a little per request (a request buffer is a few KiB of
 * young-generation garbage) and make the race harmless: the connection that hit it is closed, no other
 * sees its bytes.
 */
final class UnsharedBufferPool implements ByteBufferPool {
    @Override
    public RetainableByteBuffer.Mutable acquire(int size, boolean direct) {
        // Heap buffers: allocating a direct one per request costs far more than the copy the JDK makes.
        ByteBuffer buffer = BufferUtil.allocate(size);
        return RetainableByteBuffer.wrap(buffer, new Tolerant());
    }

    @Override
    public void clear() {
        // nothing is kept
    }

    /** A reference count that stops at zero instead of failing: a buffer released once too often is just garbage. */
    private static final class Tolerant implements Retainable {
        private final AtomicInteger references = new AtomicInteger(1);

        @Override
        public boolean canRetain() {
            return true;
        }

        @Override
        public boolean isRetained() {
            return references.get() > 1;
        }

        @Override
        public void retain() {
            references.incrementAndGet();
        }

        @Override
        public boolean release() {
            return references.updateAndGet(n -> n > 0 ? n - 1 : 0) == 0;
        }

        @Override
        public int getRetained() {
            return references.get();
        }
    }
}
