package dev.candor.telemetry.picocli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The user's per-run telemetry switches, added to the top-level command by {@link CandorPicocli#install}.
 * {@code --no-telemetry} and {@code --telemetry} are inherited by every subcommand, so
 * {@code forge build --no-telemetry} works as users expect.
 */
public final class TelemetryMixin {
    static final String NO_TELEMETRY = "--no-telemetry";
    static final String TELEMETRY = "--telemetry";
    static final String CATALOG = "--telemetry-catalog";

    @Option(names = NO_TELEMETRY, scope = ScopeType.INHERIT, description = "Send no telemetry in this run.")
    boolean noTelemetry;

    @Option(
            names = TELEMETRY,
            scope = ScopeType.INHERIT,
            description = "Send telemetry in this run even where it is off by default.")
    boolean telemetry;

    @Option(
            names = CATALOG,
            description = "Print every telemetry event and property this tool can send, as JSON, and exit.")
    boolean catalog;
}
