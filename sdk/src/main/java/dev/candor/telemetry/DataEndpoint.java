package dev.candor.telemetry;

/** Special handling a property needs on the way in; {@code MacAddressHash} is re-hashed by the collector. */
public enum DataEndpoint {
    NONE("none"),
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
