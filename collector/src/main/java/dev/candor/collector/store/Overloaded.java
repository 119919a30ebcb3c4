package dev.candor.collector.store;

/**
 * An {@link EventSink} cannot take more now (too many events wait for the store, Kafka's buffer is
 * full, or it is closing): the client gets 503 with {@code Retry-After} and sends again.
 */
public final class Overloaded extends Exception {
    private static final long serialVersionUID = 1L;

    public Overloaded(String what) {
        super(what, null, false, false);
    }
}
