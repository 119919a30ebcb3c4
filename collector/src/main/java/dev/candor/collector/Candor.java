package dev.candor.collector;

import dev.candor.collector.cli.AggregateCommand;
import dev.candor.collector.cli.BackupCommand;
import dev.candor.collector.cli.CheckConfigCommand;
import dev.candor.collector.cli.DemoCommand;
import dev.candor.collector.cli.LoadCommand;
import dev.candor.collector.cli.PublishCommand;
import dev.candor.collector.cli.RestoreCommand;
import dev.candor.collector.cli.RetentionCommand;
import dev.candor.collector.cli.ServeCommand;
import dev.candor.collector.cli.SqlCommand;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Nearest;
import dev.candor.collector.loadgen.LoadgenCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code candor}: the operator's command line. Errors are one line on stderr, never a stack trace. */
@Command(
        name = "candor",
        mixinStandardHelpOptions = true,
        version = "candor 0.1.0",
        description = "Candor collector and operator tools.",
        subcommands = {
            ServeCommand.class,
            CheckConfigCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            SqlCommand.class,
            PublishCommand.class,
            RetentionCommand.class,
            AggregateCommand.class,
            DemoCommand.class,
            LoadgenCommand.class,
            LoadCommand.class
        })
public final class Candor implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Used by tests with their own writers. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Candor());
        cl.setOut(out);
        cl.setErr(err);
        // A mistyped flag or a missing argument: the problem, the nearest flags, and where help is, in a
        // few lines instead of the whole usage.
        cl.setParameterExceptionHandler((e, arguments) -> {
            CommandLine where = e.getCommandLine();
            PrintWriter w = where.getErr();
            w.println(
                    where.getCommandName().equals("candor")
                            ? "candor: " + oneLine(e)
                            : "candor " + where.getCommandName() + ": " + oneLine(e));
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                List<String> flags = where.getCommandSpec().options().stream()
                        .flatMap(o -> Arrays.stream(o.names()))
                        .toList();
                List<String> commands = List.copyOf(where.getSubcommands().keySet());
                unmatched.getUnmatched().stream()
                        .filter(a -> a.startsWith("-") || !commands.isEmpty())
                        .map(a -> a.startsWith("-")
                                ? Nearest.of(a.contains("=") ? a.substring(0, a.indexOf('=')) : a, flags)
                                : Nearest.of(a, commands))
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .ifPresent(hint -> w.println("did you mean " + hint + "?"));
            }
            w.println("see '" + where.getCommandSpec().qualifiedName() + " --help'");
            w.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("candor: " + oneLine(e));
            return e instanceof ConfigException ? 2 : 1;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) { // a bug or a broken installation: still one line, never a stack trace
            err.println("candor: internal error (" + e.getClass().getName() + "); please report it");
            return 70;
        }
    }

    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
