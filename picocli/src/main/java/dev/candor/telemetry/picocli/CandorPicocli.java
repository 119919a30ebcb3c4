package dev.candor.telemetry.picocli;

import dev.candor.telemetry.Telemetry;
import picocli.CommandLine;

/**
 * Adds Candor to a picocli application in one call: the per-run switches, the {@code telemetry}
 * management subcommand, and the execution strategy that records commands.
 *
 * <pre>{@code
 * CommandLine cl = CandorPicocli.install(new CommandLine(new Forge()), telemetry);
 * System.exit(cl.execute(args));
 * }</pre>
 */
public final class CandorPicocli {
    private CandorPicocli() {}

    public static CommandLine install(CommandLine commandLine, Telemetry telemetry) {
        commandLine.addSubcommand(TelemetryCommand.NAME, new CommandLine(new TelemetryCommand(telemetry)));
        commandLine.addMixin("candorTelemetry", new TelemetryMixin());
        commandLine.setExecutionStrategy(new TelemetryExecutionStrategy(telemetry, commandLine.getExecutionStrategy()));
        return commandLine;
    }
}
