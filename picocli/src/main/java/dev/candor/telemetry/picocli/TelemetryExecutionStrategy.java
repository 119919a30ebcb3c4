package dev.candor.telemetry.picocli;

import dev.candor.telemetry.CommandEvent;
import dev.candor.telemetry.RunSwitch;
import dev.candor.telemetry.Scope;
import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.TelemetryRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Wraps picocli's execution strategy (normally {@code RunLast}) to record each command: its path, the
 * names of the options used (values go to the SDK, which keeps only the allow-listed ones), exit code,
 * duration, and an exception that ends the command. The command's own behaviour, output and exit code
 * are unchanged: exceptions are recorded and rethrown as they were.
 */
public final class TelemetryExecutionStrategy implements IExecutionStrategy {
    private final Telemetry telemetry;
    private final IExecutionStrategy delegate;

    /**
     * Wraps {@code delegate} (normally picocli's {@code RunLast}); {@link CandorPicocli#install} does it.
     *
     * @throws NullPointerException if an argument is null
     */
    public TelemetryExecutionStrategy(Telemetry telemetry, IExecutionStrategy delegate) {
        this.telemetry = java.util.Objects.requireNonNull(telemetry, "telemetry");
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Runs the parsed command line with telemetry around it: {@code --telemetry-catalog} is answered
     * here; otherwise the run is begun with its scope and switch, the delegate strategy runs, and the
     * command (or its crash, rethrown unchanged) is recorded.
     *
     * @return the delegate's exit code
     */
    @Override
    public int execute(ParseResult root) {
        if (root.hasMatchedOption(TelemetryMixin.CATALOG)) {
            root.commandSpec().commandLine().getOut().println(telemetry.catalogJson());
            root.commandSpec().commandLine().getOut().flush();
            return 0;
        }
        List<String> path = new ArrayList<>();
        boolean helpOrVersion = root.isUsageHelpRequested() || root.isVersionHelpRequested();
        RunSwitch runSwitch = switchOf(root);
        for (ParseResult p = root.subcommand(); p != null; p = p.subcommand()) {
            path.add(p.commandSpec().name());
            helpOrVersion |= p.isUsageHelpRequested() || p.isVersionHelpRequested();
            RunSwitch s = switchOf(p);
            runSwitch = s != RunSwitch.NONE ? s : runSwitch;
        }
        String commandPath = String.join(" ", path);
        boolean collects = !path.isEmpty() && !helpOrVersion && !path.get(0).equals(TelemetryCommand.NAME);
        TelemetryRun run = telemetry.begin(collects ? Scope.COLLECTED : Scope.NOT_COLLECTED, runSwitch);
        long started = System.nanoTime();
        int exitCode = root.commandSpec().exitCodeOnExecutionException();
        try {
            exitCode = delegate.execute(root);
            return exitCode;
        } catch (CommandLine.ExecutionException e) {
            run.crash(e.getCause() != null ? e.getCause() : e, commandPath);
            throw e;
        } catch (RuntimeException | Error e) {
            run.crash(e, commandPath);
            throw e;
        } finally {
            if (run.isEnabled(dev.candor.telemetry.TelemetryLevel.ALL)) {
                run.command(commandEvent(root, commandPath, exitCode, Duration.ofNanos(System.nanoTime() - started)));
            }
            run.close();
        }
    }

    private static RunSwitch switchOf(ParseResult p) {
        if (p.hasMatchedOption(TelemetryMixin.NO_TELEMETRY)) {
            return RunSwitch.OFF;
        }
        return p.hasMatchedOption(TelemetryMixin.TELEMETRY) ? RunSwitch.ON : RunSwitch.NONE;
    }

    private static CommandEvent commandEvent(ParseResult root, String path, int exitCode, Duration duration) {
        CommandEvent.Builder b = CommandEvent.builder(path).exitCode(exitCode).duration(duration);
        for (ParseResult p = root; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.matchedOptions()) {
                String name = o.longestName();
                if (name.equals(TelemetryMixin.NO_TELEMETRY) || name.equals(TelemetryMixin.TELEMETRY)) {
                    continue;
                }
                List<String> values = o.originalStringValues();
                b.option(name, o.arity().max() == 0 || values.isEmpty() ? null : values.get(values.size() - 1));
            }
        }
        return b.build();
    }
}
