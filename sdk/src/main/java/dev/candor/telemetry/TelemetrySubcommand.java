package dev.candor.telemetry;

import dev.candor.telemetry.internal.PrettyJson;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code <tool> telemetry} subcommand, ready-made for any tool: {@code status}, {@code enable},
 * {@code disable}, {@code show}, {@code catalog}, {@code export}, {@code fetch} and {@code forget}. The
 * picocli integration and {@link TelemetryCli} both use it, so every Candor tool answers the same
 * words the same way. Exit codes: 0 done, 1 failed (the reason on stderr), 2 a usage mistake.
 */
public final class TelemetrySubcommand {
    /** The subcommand's name: {@code telemetry}. */
    public static final String NAME = "telemetry";

    private final Telemetry telemetry;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * A subcommand that prints to these streams.
     *
     * @throws NullPointerException if an argument is null
     */
    public TelemetrySubcommand(Telemetry telemetry, PrintStream out, PrintStream err) {
        this(telemetry, writer(Objects.requireNonNull(out, "out")), writer(Objects.requireNonNull(err, "err")));
    }

    /**
     * A subcommand that prints to these writers (picocli's {@code getOut()} and {@code getErr()}).
     *
     * @throws NullPointerException if an argument is null
     */
    public TelemetrySubcommand(Telemetry telemetry, PrintWriter out, PrintWriter err) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** The usage text of {@code <tool> telemetry}. */
    public String usage() {
        String tool = telemetry.toolId();
        return String.join(
                "\n",
                "Usage: " + tool + " telemetry COMMAND",
                "See and control what this tool's telemetry collects.",
                "Commands:",
                "  status                         Show whether telemetry is on, why, and what is queued.",
                "  enable [--level L] [--all-tools]",
                "                                 Turn telemetry on (L: off, crash, error or all; default all).",
                "  disable [--all-tools]          Turn telemetry off and delete local ids, queued events and logs.",
                "  show [--json]                  Print what is queued and what was sent.",
                "  catalog [--json]               Print every event and property this tool can send.",
                "  export [-o FILE] [--with-collector-data]",
                "                                 Write a redacted zip of the local telemetry for a bug report.",
                "  fetch [-o FILE|-]              Download everything the collector holds for this installation.",
                "  forget                         Ask the collector to delete this machine's data, then reset ids.",
                "--all-tools writes the machine-wide setting shared by every Candor tool.");
    }

    /**
     * Runs {@code <tool> telemetry ARGS}: the words after {@code telemetry}.
     *
     * @return the exit code: 0 done, 1 failed, 2 a usage mistake
     * @throws NullPointerException if {@code args} is null
     */
    public int run(List<String> args) {
        Objects.requireNonNull(args, "args");
        if (args.isEmpty()
                || args.get(0).equals("--help")
                || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            return print(usage());
        }
        Words w = new Words(args.subList(1, args.size()));
        try {
            int code = switch (args.get(0)) {
                case "status" -> w.end(this::status);
                case "enable" -> {
                    String level = w.value("--level").orElse("all");
                    boolean all = w.flag("--all-tools");
                    yield w.end(() -> enable(level, all));
                }
                case "disable" -> {
                    boolean all = w.flag("--all-tools");
                    yield w.end(() -> disable(all));
                }
                case "show" -> {
                    boolean json = w.flag("--json");
                    yield w.end(() -> show(json));
                }
                case "catalog" -> {
                    boolean json = w.flag("--json");
                    yield w.end(() -> catalog(json));
                }
                case "export" -> {
                    Optional<String> o = w.value("-o", "--output");
                    boolean with = w.flag("--with-collector-data");
                    yield w.end(() -> export(o.map(Path::of).orElse(null), with));
                }
                case "fetch" -> {
                    Optional<String> o = w.value("-o", "--output");
                    yield w.end(() -> fetch(o.orElse(null)));
                }
                case "forget" -> w.end(this::forget);
                default -> usageMistake("unknown telemetry command '" + args.get(0) + "'");
            };
            return code;
        } catch (UsageMistake e) {
            return usageMistake(e.getMessage());
        }
    }

    /** {@code status}: whether telemetry is on, why, and what is queued. */
    public int status() {
        return print(String.join("\n", telemetry.admin().status().lines()));
    }

    /**
     * {@code enable --level LEVEL [--all-tools]}.
     *
     * @param level {@code off}, {@code crash}, {@code error} or {@code all}
     */
    public int enable(String level, boolean allTools) {
        Optional<TelemetryLevel> parsed = TelemetryLevel.parse(Objects.requireNonNull(level, "level"));
        if (parsed.isEmpty()) {
            return usageMistake("--level must be off, crash, error or all, not '" + level + "'");
        }
        return result(telemetry.admin().enable(parsed.get(), allTools));
    }

    /** {@code disable [--all-tools]}. */
    public int disable(boolean allTools) {
        return result(telemetry.admin().disable(allTools));
    }

    /** {@code show [--json]}: indented for people, or one JSON document for machines. */
    public int show(boolean json) {
        TelemetryAdmin.Shown shown = telemetry.admin().show();
        if (json) {
            return print(shown.json());
        }
        StringBuilder b = new StringBuilder();
        b.append("# Queued, not yet sent (").append(shown.queued().size()).append(")\n");
        shown.queued().forEach(q -> b.append(PrettyJson.format(q)).append('\n'));
        b.append("# Sent (").append(shown.sent().size()).append("), from ").append(shown.sentLog());
        shown.sent().forEach(s -> b.append('\n').append(PrettyJson.format(s)));
        if (!shown.localDocuments().isEmpty()) {
            b.append("\n# Local documents (")
                    .append(shown.localDocuments().size())
                    .append("), never sent");
            shown.localDocuments().forEach(d -> b.append('\n').append(d));
        }
        return print(b.toString());
    }

    /** {@code catalog [--json]}: the catalog indented, or on one line for machines. */
    public int catalog(boolean json) {
        String catalog = telemetry.catalogJson();
        return print(json ? catalog : PrettyJson.format(catalog));
    }

    /**
     * {@code export [-o FILE] [--with-collector-data]}.
     *
     * @param output the zip to write; null for {@code ./<tool>-telemetry-export.zip}
     */
    public int export(Path output, boolean withCollectorData) {
        Path target = output != null ? output : Path.of(telemetry.toolId() + "-telemetry-export.zip");
        return result(telemetry.admin().export(target, withCollectorData));
    }

    /**
     * {@code fetch [-o FILE|-]}: the collector's JSON document, and a summary.
     *
     * @param output the file to write, {@code -} for standard output (the summary then goes to stderr),
     *     or null for {@code ./<tool>-telemetry-held.json}
     */
    public int fetch(String output) {
        TelemetryAdmin.FetchResult result = telemetry.admin().fetch();
        if (!result.ok()) {
            return fail(result.message());
        }
        if (result.json() == null) {
            return print(result.message());
        }
        if ("-".equals(output)) {
            print(result.json());
            err.println(result.message());
            err.flush();
            return 0;
        }
        Path target = Path.of(output != null ? output : telemetry.toolId() + "-telemetry-held.json");
        try {
            Files.writeString(target, result.json() + "\n");
        } catch (IOException | RuntimeException e) {
            return fail("could not write " + target + ": " + e.getClass().getSimpleName());
        }
        return print(result.message() + "\nWrote " + target);
    }

    /** {@code forget}: asks the collector to erase this machine's data, then resets the local ids. */
    public int forget() {
        TelemetryAdmin.ForgetResult result = telemetry.admin().forget();
        return result.ok() ? print(result.message()) : fail(result.message());
    }

    private int result(TelemetryAdmin.Result r) {
        if (r.ok()) {
            return print(String.join("\n", r.messages()));
        }
        return fail(String.join("\n", r.messages()));
    }

    private int print(String text) {
        out.println(text);
        out.flush();
        return 0;
    }

    private int fail(String message) {
        err.println(telemetry.toolId() + " telemetry: " + message);
        err.flush();
        return 1;
    }

    private int usageMistake(String message) {
        err.println(telemetry.toolId() + " telemetry: " + message);
        err.println("Run '" + telemetry.toolId() + " telemetry --help' for the commands and their options.");
        err.flush();
        return 2;
    }

    /** A subcommand's own words, read option by option; anything left over is a usage mistake. */
    private static final class Words {
        private final java.util.ArrayList<String> left;

        Words(List<String> words) {
            left = new java.util.ArrayList<>(words);
        }

        boolean flag(String name) {
            boolean found = false;
            while (left.remove(name)) {
                found = true;
            }
            return found;
        }

        Optional<String> value(String... names) {
            Optional<String> found = Optional.empty();
            for (int i = 0; i < left.size(); ) {
                String w = left.get(i);
                String inline = null;
                boolean match = false;
                for (String n : names) {
                    if (w.equals(n)) {
                        match = true;
                    } else if (n.startsWith("--") && w.startsWith(n + "=")) {
                        match = true;
                        inline = w.substring(n.length() + 1);
                    }
                }
                if (!match) {
                    i++;
                    continue;
                }
                left.remove(i);
                if (inline == null) {
                    if (i >= left.size()) {
                        throw new UsageMistake(w + " needs a value");
                    }
                    inline = left.remove(i);
                }
                found = Optional.of(inline);
            }
            return found;
        }

        int end(java.util.function.IntSupplier command) {
            if (!left.isEmpty()) {
                throw new UsageMistake("unexpected '" + left.get(0) + "'");
            }
            return command.getAsInt();
        }
    }

    private static final class UsageMistake extends RuntimeException {
        UsageMistake(String message) {
            super(message, null, false, false);
        }
    }
}
