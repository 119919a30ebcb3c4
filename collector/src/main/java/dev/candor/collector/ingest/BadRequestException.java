package dev.candor.collector.ingest;

/**
 * The request itself is wrong; the message goes back to the client in a {@code google.rpc.Status},
 * so it names the problem and never echoes more than a short, sanitised piece of the input.
 */
public final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
