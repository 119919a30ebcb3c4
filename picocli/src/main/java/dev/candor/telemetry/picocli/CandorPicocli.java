package dev.candor.telemetry.picocli;

import dev.candor.telemetry.EventCatalog;
import dev.candor.telemetry.Telemetry;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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

    /**
     * Installs Candor on {@code commandLine}: the {@code telemetry} subcommand, the per-run switches and
     * the execution strategy. First checks the tool's catalog against the command model: every option
     * the catalog allow-lists or hashes must exist on its command under the name Candor records (the
     * option's longest name), or nothing of it would ever be sent; a mismatch is an
     * {@link IllegalArgumentException} naming it.
     *
     * @return {@code commandLine}, to execute
     */
    public static CommandLine install(CommandLine commandLine, Telemetry telemetry) {
        java.util.Objects.requireNonNull(commandLine, "commandLine");
        java.util.Objects.requireNonNull(telemetry, "telemetry");
        checkCatalog(commandLine, telemetry.catalog());
        commandLine.addSubcommand(TelemetryCommand.NAME, new CommandLine(new TelemetryCommand(telemetry)));
        commandLine.addMixin("candorTelemetry", new TelemetryMixin());
        tidy(
                commandLine.getSubcommands().get(TelemetryCommand.NAME),
                commandLine.getCommandSpec().version());
        commandLine.setExecutionStrategy(new TelemetryExecutionStrategy(telemetry, commandLine.getExecutionStrategy()));
        return commandLine;
    }

    /**
     * The management subcommand and its own subcommands print the tool's version for {@code -V}, and do
     * not offer {@code --telemetry}/{@code --no-telemetry}: they collect nothing, whatever the switch.
     */
    private static void tidy(CommandLine command, String[] version) {
        CommandSpec spec = command.getCommandSpec();
        spec.version(version);
        for (OptionSpec o : new java.util.ArrayList<>(spec.options())) {
            String name = o.longestName();
            if (name.equals(TelemetryMixin.TELEMETRY) || name.equals(TelemetryMixin.NO_TELEMETRY)) {
                spec.remove(o);
            }
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            tidy(sub, version);
        }
    }

    static void checkCatalog(CommandLine root, EventCatalog catalog) {
        for (Map.Entry<String, Set<String>> e : catalog.optionsByCommand().entrySet()) {
            CommandLine command = root;
            for (String name : e.getKey().isBlank() ? new String[0] : e.getKey().split(" ")) {
                command = command.getSubcommands().get(name);
                if (command == null) {
                    throw new IllegalArgumentException("the telemetry catalog declares options of command '"
                            + e.getKey() + "', which " + root.getCommandName() + " does not have");
                }
            }
            for (String key : e.getValue()) {
                checkOption(command, e.getKey(), key);
            }
        }
    }

    private static void checkOption(CommandLine command, String path, String key) {
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (EventCatalog.optionKey(o.longestName()).equals(key)) {
                return;
            }
        }
        for (OptionSpec o : command.getCommandSpec().options()) {
            for (String name : o.names()) {
                if (EventCatalog.optionKey(name).equals(key)) {
                    throw new IllegalArgumentException("the telemetry catalog names option " + name + " of '" + path
                            + "', which Candor records by its longest name, " + o.longestName()
                            + ": declare " + o.longestName() + " in the catalog");
                }
            }
        }
        throw new IllegalArgumentException("the telemetry catalog declares option '" + key + "' of '" + path
                + "', which that command does not have");
    }
}
