package dev.candor.telemetry.picocli;

import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.TelemetrySubcommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The ready-made {@code telemetry status | enable | disable | show | catalog | export | fetch | forget}
 * subcommand: picocli's help and parsing in front of {@link TelemetrySubcommand}, which does the work
 * for picocli and plain tools alike.
 */
@Command(
        name = TelemetrySubcommand.NAME,
        mixinStandardHelpOptions = true,
        description = "See and control what this tool's telemetry collects.")
public final class TelemetryCommand implements Runnable {
    static final String NAME = TelemetrySubcommand.NAME;
    private final Telemetry telemetry;

    @Spec
    CommandSpec spec;

    /**
     * The subcommand for this tool's telemetry; {@link CandorPicocli#install} adds it.
     *
     * @throws NullPointerException if {@code telemetry} is null
     */
    public TelemetryCommand(Telemetry telemetry) {
        this.telemetry = java.util.Objects.requireNonNull(telemetry, "telemetry");
    }

    /** {@code telemetry} alone prints its usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private TelemetrySubcommand subcommand() {
        return new TelemetrySubcommand(
                telemetry, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show whether telemetry is on, why, and what is queued.")
    int status() {
        return subcommand().status();
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Turn telemetry on (at a level) for this tool or for every Candor tool.")
    int enable(
            @Option(
                            names = "--level",
                            defaultValue = "all",
                            description = "off, crash, error or all (default: ${DEFAULT-VALUE})")
                    String level,
            @Option(names = "--all-tools", description = "Write the machine-wide setting shared by all Candor tools.")
                    boolean allTools) {
        return subcommand().enable(level, allTools);
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Turn telemetry off and delete local ids, queued events and logs. Sends nothing.")
    int disable(
            @Option(names = "--all-tools", description = "Write the machine-wide setting shared by all Candor tools.")
                    boolean allTools) {
        return subcommand().disable(allTools);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print what is queued and what was sent.")
    int show(@Option(names = "--json", description = "One JSON document, for machines.") boolean json) {
        return subcommand().show(json);
    }

    @Command(
            name = "catalog",
            mixinStandardHelpOptions = true,
            description = "Print every event and property this tool can send, as indented JSON.")
    int catalog(@Option(names = "--json", description = "On one line, for machines.") boolean json) {
        return subcommand().catalog(json);
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write a redacted zip of the local telemetry to attach to a bug report.")
    int export(
            @Option(
                            names = {"-o", "--output"},
                            description = "Zip file to write (default: ./<tool>-telemetry-export.zip)")
                    Path output,
            @Option(
                            names = "--with-collector-data",
                            description = "Also include what the collector holds for this installation (as fetch)")
                    boolean withCollectorData) {
        return subcommand().export(output, withCollectorData);
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = "Download, as JSON, everything the collector holds for this installation, and summarize it.")
    int fetch(
            @Option(
                            names = {"-o", "--output"},
                            description = "JSON file to write, or - for standard output"
                                    + " (default: ./<tool>-telemetry-held.json)")
                    String output) {
        return subcommand().fetch(output);
    }

    @Command(
            name = "forget",
            mixinStandardHelpOptions = true,
            description = "Ask the collector to delete everything stored for this machine, then reset local ids.")
    int forget() {
        return subcommand().forget();
    }
}
