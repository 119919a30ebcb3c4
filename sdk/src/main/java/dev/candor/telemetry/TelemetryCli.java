package dev.candor.telemetry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Candor for a tool without picocli, in a few lines: it answers {@code --telemetry-catalog} and the
 * {@code telemetry} subcommand, reads and removes {@code --telemetry}/{@code --no-telemetry}, decides the
 * scope (nothing is collected for the bare command, {@code --help}, {@code -h}, {@code --version} or
 * {@code telemetry}), runs the command, and records it with its options and exit code, or the crash.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     TelemetryCli cli = TelemetryCli.builder(telemetry).commands("train", "model export").build();
 *     System.exit(cli.run(args, argv -> dispatch(argv)));
 * }
 * }</pre>
 *
 * The command path is the longest declared path the arguments start with ({@code model export}); a
 * command the tool did not declare is recorded as {@value PropertyDefinition#OTHER}, never by the word
 * the user typed. Options are recorded by name; a value goes with its option ({@code --task regression}
 * or {@code --task=regression}) only when the catalog allow-lists it or asks for a file hash, and then
 * the catalog decides what is sent. Positional arguments are never recorded.
 */
public final class TelemetryCli {
    /** The option that prints the catalog and exits. */
    public static final String CATALOG_OPTION = "--telemetry-catalog";

    private static final List<String> OUT_OF_SCOPE = List.of("--help", "-h", "--version");

    private final Telemetry telemetry;
    private final List<List<String>> commands;
    private final PrintStream out;
    private final PrintStream err;

    /** The tool's own work: given the arguments without Candor's switches, returns the exit code. */
    @FunctionalInterface
    public interface Command {
        /**
         * Runs the tool.
         *
         * @param args the command line without {@code --telemetry} and {@code --no-telemetry}
         * @return the exit code
         */
        int run(List<String> args);
    }

    private TelemetryCli(Builder b) {
        this.telemetry = b.telemetry;
        this.commands = List.copyOf(b.commands);
        this.out = b.out;
        this.err = b.err;
    }

    /**
     * A builder for this tool's command line.
     *
     * @throws NullPointerException if {@code telemetry} is null
     */
    public static Builder builder(Telemetry telemetry) {
        return new Builder(telemetry);
    }

    /**
     * Runs one invocation: Candor's own options and subcommand, else {@code command} with telemetry
     * around it. A command's exception is recorded as {@code cli.crash} and rethrown unchanged.
     *
     * @param args the command line, as {@code main} got it
     * @return the exit code to exit with
     * @throws NullPointerException if an argument is null
     */
    public int run(String[] args, Command command) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(command, "command");
        List<String> argv = Arrays.asList(args.clone());
        List<String> options = beforeOperands(argv);
        if (options.contains(CATALOG_OPTION)) {
            out.println(telemetry.catalogJson());
            out.flush();
            return 0;
        }
        RunSwitch runSwitch = RunSwitch.of(argv);
        List<String> rest = withoutSwitches(argv);
        if (!rest.isEmpty() && rest.get(0).equals(TelemetrySubcommand.NAME)) {
            return new TelemetrySubcommand(telemetry, out, err).run(rest.subList(1, rest.size()));
        }
        List<String> path = commandPath(rest);
        String commandPath = path.isEmpty() ? PropertyDefinition.OTHER : String.join(" ", path);
        boolean inScope = !rest.isEmpty()
                && !rest.get(0).startsWith("-")
                && beforeOperands(rest).stream().noneMatch(OUT_OF_SCOPE::contains);
        long started = System.nanoTime();
        int exit = 1;
        try (TelemetryRun run = telemetry.begin(inScope ? Scope.COLLECTED : Scope.NOT_COLLECTED, runSwitch)) {
            try {
                exit = command.run(rest);
                return exit;
            } catch (RuntimeException | Error e) {
                run.crash(e, commandPath);
                throw e;
            } finally {
                if (inScope && run.isEnabled(TelemetryLevel.ALL)) {
                    CommandEvent.Builder event = CommandEvent.builder(commandPath)
                            .exitCode(exit)
                            .duration(Duration.ofNanos(System.nanoTime() - started));
                    addOptions(event, commandPath, rest.subList(path.isEmpty() ? 1 : path.size(), rest.size()));
                    run.command(event.build());
                }
            }
        }
    }

    /** The longest declared command path the arguments start with; empty when none. */
    private List<String> commandPath(List<String> rest) {
        List<String> best = List.of();
        for (List<String> c : commands) {
            if (c.size() > best.size()
                    && rest.size() >= c.size()
                    && rest.subList(0, c.size()).equals(c)) {
                best = c;
            }
        }
        return best;
    }

    private void addOptions(CommandEvent.Builder event, String commandPath, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                return;
            }
            if (!w.startsWith("-") || w.equals("-")) {
                continue; // a positional argument: never recorded
            }
            int eq = w.indexOf('=');
            String name = eq > 0 ? w.substring(0, eq) : w;
            boolean wanted = telemetry.catalog().sendsValueOf(commandPath, name)
                    || telemetry.catalog().hashesFileOf(commandPath, name);
            String value = null;
            if (eq > 0) {
                value = wanted ? w.substring(eq + 1) : null;
            } else if (wanted && i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                value = words.get(++i);
            }
            event.option(name, value);
        }
    }

    private static List<String> beforeOperands(List<String> args) {
        int end = args.indexOf("--");
        return end < 0 ? args : args.subList(0, end);
    }

    private static List<String> withoutSwitches(List<String> args) {
        List<String> rest = new ArrayList<>(args.size());
        boolean operands = false;
        for (String a : args) {
            Objects.requireNonNull(a, "args element");
            operands |= a.equals("--");
            if (operands || !(a.equals(RunSwitch.ON_OPTION) || a.equals(RunSwitch.OFF_OPTION))) {
                rest.add(a);
            }
        }
        return List.copyOf(rest);
    }

    /** Builder for {@link TelemetryCli}. */
    public static final class Builder {
        private final Telemetry telemetry;
        private final List<List<String>> commands = new ArrayList<>();
        private PrintStream out = System.out;
        private PrintStream err = System.err;

        private Builder(Telemetry telemetry) {
            this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        }

        /**
         * The tool's command paths ({@code "build"}, {@code "model export"}): what the arguments are
         * matched against to name the command in its event.
         *
         * @throws NullPointerException if {@code commands} or one of them is null
         * @throws IllegalArgumentException for a blank path, one starting with an option, or {@code telemetry}
         */
        public Builder commands(String... commands) {
            for (String c : Objects.requireNonNull(commands, "commands")) {
                Objects.requireNonNull(c, "commands element");
                List<String> words = List.of(c.strip().split("\\s+"));
                if (c.isBlank() || words.get(0).startsWith("-") || words.get(0).equals(TelemetrySubcommand.NAME)) {
                    throw new IllegalArgumentException("a command path is one or more words, not an option or"
                            + " 'telemetry' (Candor's own): '" + c + "'");
                }
                this.commands.add(words);
            }
            return this;
        }

        /**
         * Where the {@code telemetry} subcommand and {@code --telemetry-catalog} print (default
         * {@code System.out}).
         */
        public Builder out(PrintStream value) {
            out = Objects.requireNonNull(value, "out");
            return this;
        }

        /** Where the {@code telemetry} subcommand prints its errors (default {@code System.err}). */
        public Builder err(PrintStream value) {
            err = Objects.requireNonNull(value, "err");
            return this;
        }

        /**
         * The helper. Checks the catalog against the commands: an option the catalog allow-lists or
         * hashes for a command that is not declared here would never be sent.
         *
         * @throws IllegalArgumentException naming such a command
         */
        public TelemetryCli build() {
            for (String path : telemetry.catalog().optionsByCommand().keySet()) {
                if (!path.isBlank()
                        && commands.stream().noneMatch(c -> String.join(" ", c).equals(path))) {
                    throw new IllegalArgumentException("the telemetry catalog declares options of command '" + path
                            + "', which is not among the commands given to TelemetryCli: add it to commands(...)");
                }
            }
            return new TelemetryCli(this);
        }
    }
}
