package dev.candor.telemetry.picocli;

import dev.candor.telemetry.EventCatalog;
import dev.candor.telemetry.Telemetry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A tiny picocli tool for the integration tests: greet, boom (crashes), and a nested "remote add". */
@Command(
        name = "greeter",
        mixinStandardHelpOptions = true,
        version = "greeter 1.2.3",
        subcommands = {GreeterApp.Greet.class, GreeterApp.Boom.class, GreeterApp.Remote.class})
final class GreeterApp implements Runnable {
    static final String TOOL = "greeter";
    static final String CRASH_MESSAGE = "secret /home/ann/x ann@example.org";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What this tool lets through: the value of greet --mode and of remote add --branch, nothing else. */
    static EventCatalog catalog() {
        return EventCatalog.builder()
                .allowOptionValue("greet", "--mode", "fast or slow", "fast", "slow")
                .allowOptionValue("remote add", "--branch", "the test fixture's branches", "main", "dev-7")
                .build();
    }

    static CommandLine uninstalled() {
        return new CommandLine(new GreeterApp());
    }

    static CommandLine installed(Telemetry telemetry) {
        return CandorPicocli.install(uninstalled(), telemetry);
    }

    /** Runs one invocation with captured stdout and stderr. */
    static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    record Result(int exit, String out, String err) {}

    enum Mode {
        fast,
        slow
    }

    @Command(name = "greet", mixinStandardHelpOptions = true, description = "Say hello.")
    static final class Greet implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", defaultValue = "world")
        String name;

        @Option(names = "--mode", defaultValue = "fast")
        Mode mode;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("Hello, " + name + " (" + mode + ")");
            return 0;
        }
    }

    @Command(name = "boom", description = "Always crashes.")
    static final class Boom implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException(CRASH_MESSAGE);
        }

        @Override
        public String toString() {
            return "boom"; // picocli puts the command object in its error message: keep it stable
        }
    }

    @Command(name = "remote", description = "Manage remotes.", subcommands = Add.class)
    static final class Remote implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "add", description = "Add a remote.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String url;

        @Option(names = {"-b", "--branch"})
        String branch;

        @Option(names = "--tracking")
        String tracking;

        @Option(names = {"-f", "--force"})
        boolean force;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("Added " + url);
            return 3;
        }
    }
}
