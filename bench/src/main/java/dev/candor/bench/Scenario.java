package dev.candor.bench;

import java.util.Locale;

enum Scenario {
    HTTPS(
            "https",
            "the real collector (`candor serve`) over TLS, with a self-signed keystore made by the benchmark "
                    + "and trusted through `-Djavax.net.ssl.trustStore` in `JAVA_TOOL_OPTIONS` (on and off runs alike)"),
    HTTP("http", "the real collector over plain HTTP"),
    DOWN("down", "endpoint down (nothing listening)"),
    BLACKHOLED("blackholed", "endpoint black-holed (accepts, never answers)");

    final String id;
    final String description;

    Scenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Whether the real collector receives the events (otherwise a recording endpoint comes up afterwards). */
    boolean collectorUp() {
        return this == HTTPS || this == HTTP;
    }

    static Scenario parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Scenario scenario : values()) {
            if (scenario.id.equals(v)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + s + "' (use https, http, down, blackholed)");
    }
}
