package dev.candor.bench;

import java.util.Locale;

enum Scenario {
    UP("up", "endpoint up (recording OTLP server)"),
    DOWN("down", "endpoint down (nothing listening)"),
    BLACKHOLED("blackholed", "endpoint black-holed (accepts, never answers)");

    final String id;
    final String description;

    Scenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    static Scenario parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Scenario scenario : values()) {
            if (scenario.id.equals(v)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + s + "' (use up, down, blackholed)");
    }
}
