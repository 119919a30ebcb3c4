package dev.candor.forge;

/** A user-facing error: printed as one line on stderr, exit code 1, no stack trace. */
final class ForgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForgeException(String message) {
        super(message);
    }
}
