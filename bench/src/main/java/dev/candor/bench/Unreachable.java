package dev.candor.bench;

/** A port nothing listens on: connections are refused at once. */
record Unreachable(int port) implements Endpoint {
    @Override
    public void close() {}
}
