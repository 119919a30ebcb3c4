package dev.candor.collector.http;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/** Reading a request's whole body, in one place for every handler that needs it. */
public final class Bodies {
    private Bodies() {}

    /**
     * The body, at most {@code maxBytes} (past that the future fails). Jetty 12.1 marks this
     * {@code CompletableFuture} form for removal in favour of one that takes a {@code Promise.Invocable};
     * the handlers' failure paths (408, 413, 400) are written and tested against this one, so the move
     * is one change here, made with the Jetty upgrade that removes it.
     */
    @SuppressWarnings("removal")
    public static CompletableFuture<byte[]> readAll(Content.Source body, int maxBytes) {
        return Content.Source.asByteArrayAsync(body, maxBytes);
    }
}
