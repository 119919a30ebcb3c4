package dev.candor.collector.store;

/** The store could not do its work (disk full, file locked, corrupt); the message is safe to log. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
