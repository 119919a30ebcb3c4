package dev.candor.telemetry;

/** Special handling a property needs on the way in; {@code MacAddressHash} is re-hashed by the collector. */
public enum DataEndpoint {
    /** No special handling. */
    NONE("none"),
    /** A hash of a MAC address, which the collector hashes again with its own secret before storing it. */
    MAC_ADDRESS_HASH("MacAddressHash");

    private final String wireName;

    DataEndpoint(String wireName) {
        this.wireName = wireName;
    }

    /** The name printed in the catalog JSON. */
    public String wireName() {
        return wireName;
    }
}
