package dev.candor.telemetry.picocli;

import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.TelemetryAdmin;
import dev.candor.telemetry.TelemetryLevel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The ready-made {@code telemetry status | enable | disable | show | catalog | export | fetch | forget}
 * subcommand.
 */
@Command(
        name = TelemetryCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "See and control what this tool's telemetry collects.")
public final class TelemetryCommand implements Runnable {
    static final String NAME = "telemetry";
    private final Telemetry telemetry;

    @Spec
    CommandSpec spec;

    public TelemetryCommand(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show whether telemetry is on, why, and what is queued.")
    int status() {
        return print(admin().status());
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
        return TelemetryLevel.parse(level)
                .map(l -> print(admin().enable(l, allTools)))
                .orElseGet(() -> fail("--level must be off, crash, error or all"));
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Turn telemetry off and delete local ids, queued events and logs. Sends nothing.")
    int disable(
            @Option(names = "--all-tools", description = "Write the machine-wide setting shared by all Candor tools.")
                    boolean allTools) {
        return print(admin().disable(allTools));
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print what is queued and what was sent, as JSON.")
    int show() {
        return print(admin().show());
    }

    @Command(
            name = "catalog",
            mixinStandardHelpOptions = true,
            description = "Print every event and property this tool can send, as JSON.")
    int catalog() {
        return print(List.of(telemetry.catalogJson()));
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
        Path target = output != null ? output : Path.of(telemetry.toolId() + "-telemetry-export.zip");
        return print(admin().export(target, withCollectorData));
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
                    Path output) {
        TelemetryAdmin.FetchResult result = admin().fetch();
        if (!result.ok()) {
            return fail(result.message());
        }
        if (result.json() == null) {
            return print(List.of(result.message()));
        }
        if (output != null && output.toString().equals("-")) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(result.json());
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println(result.message());
            err.flush();
            return 0;
        }
        Path target = output != null ? output : Path.of(telemetry.toolId() + "-telemetry-held.json");
        try {
            java.nio.file.Files.writeString(target, result.json() + "\n");
        } catch (java.io.IOException | RuntimeException e) {
            return fail("could not write " + target + ": " + e.getClass().getSimpleName());
        }
        return print(List.of(result.message(), "Wrote " + target));
    }

    @Command(
            name = "forget",
            mixinStandardHelpOptions = true,
            description = "Ask the collector to delete everything stored for this machine, then reset local ids.")
    int forget() {
        TelemetryAdmin.ForgetResult result = admin().forget();
        return result.ok() ? print(List.of(result.message())) : fail(result.message());
    }

    private TelemetryAdmin admin() {
        return telemetry.admin();
    }

    private int print(List<String> lines) {
        PrintWriter out = spec.commandLine().getOut();
        lines.forEach(out::println);
        out.flush();
        return 0;
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(telemetry.toolId() + " telemetry: " + message);
        err.flush();
        return 1;
    }
}
