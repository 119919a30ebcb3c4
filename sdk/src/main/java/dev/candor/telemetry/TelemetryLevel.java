package dev.candor.telemetry;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a user lets a tool send, as VS Code's {@code telemetry.telemetryLevel}:
 * {@code off < crash < error < all}. Usage events need {@link #ALL}, error events {@link #ERROR},
 * crash reports {@link #CRASH}.
 */
public enum TelemetryLevel {
    /** Nothing is collected. */
    OFF,
    /** Crash reports only ({@code cli.crash}). */
    CRASH,
    /** Crash reports and handled errors ({@code cli.error}). */
    ERROR,
    /** Everything the catalog declares: usage, errors and crashes. */
    ALL;

    /** The lower-case name used in environment variables, settings files and on the wire. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when an event that needs {@code required} may be collected at this level. */
    public boolean allows(TelemetryLevel required) {
        return required != OFF && compareTo(required) >= 0;
    }

    /** The more private of two levels. */
    public static TelemetryLevel mostPrivate(TelemetryLevel a, TelemetryLevel b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Parses {@code off|crash|error|all} (any case, surrounding blanks ignored). */
    public static Optional<TelemetryLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "off":
                return Optional.of(OFF);
            case "crash":
                return Optional.of(CRASH);
            case "error":
                return Optional.of(ERROR);
            case "all":
                return Optional.of(ALL);
            default:
                return Optional.empty();
        }
    }
}
