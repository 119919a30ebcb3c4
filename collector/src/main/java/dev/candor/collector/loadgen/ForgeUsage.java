package dev.candor.collector.loadgen;

import java.util.SplittableRandom;

/**
 * What one run of forge reports, drawn with a realistic mix: which command (build and test most),
 * which options, how it ended (mostly 0, some 1, a few usage errors), how long it took (log-normal
 * around a typical time per command), and now and then a handled error, a crash with its stack trace,
 * the test counts of {@code forge test} or the template of {@code forge new}. Records are written in
 * the SDK's order: tool events and crashes first, {@code cli.command} last, when the command ends.
 */
final class ForgeUsage {
    private enum Command {
        BUILD("build", 2_400, 9),
        TEST("test", 6_500, 17),
        RUN("run", 900, 8),
        PACK("pack", 1_800, 4),
        AUTO_TRAIN("auto-train", 45_000, 8),
        NEW("new", 350, 3),
        PUBLISH("publish", 3_200, 7);

        final String path;
        final double medianMillis;
        final int failurePercent;

        Command(String path, double medianMillis, int failurePercent) {
            this.path = path;
            this.medianMillis = medianMillis;
            this.failurePercent = failurePercent;
        }
    }

    private static final Weighted<Command> COMMANDS = Weighted.of(
            Command.BUILD,
            32,
            Command.TEST,
            22,
            Command.RUN,
            18,
            Command.PACK,
            9,
            Command.AUTO_TRAIN,
            9,
            Command.NEW,
            5,
            Command.PUBLISH,
            5);
    private static final Weighted<String> SIZE_BUCKETS =
            Weighted.of("<10KB", 10, "10KB-1MB", 45, "1MB-10MB", 29, "10MB-100MB", 12, "100MB-1GB", 3, "missing", 1);
    private static final Weighted<String> TASKS =
            Weighted.of("regression", 45, "binary-classification", 35, "multiclass-classification", 20);
    private static final Weighted<String> TEMPLATES = Weighted.of("console", 50, "library", 30, "web", 20);
    private static final String RUN_FRAMES = "\\tat dev.candor.forge.ForgeCommand.call(ForgeCommand.java:28)\\n"
            + "\\tat dev.candor.forge.ForgeCommand.call(ForgeCommand.java:15)\\n"
            + "\\tat picocli.CommandLine.executeUserObject(CommandLine.java:2031)\\n"
            + "\\tat picocli.CommandLine.access$1500(CommandLine.java:148)\\n"
            + "\\tat picocli.CommandLine$RunLast.executeUserObjectOfLastSubcommandWithSameParent(CommandLine.java:2469)\\n"
            + "\\tat picocli.CommandLine$RunLast.handle(CommandLine.java:2461)\\n"
            + "\\tat picocli.CommandLine$RunLast.handle(CommandLine.java:2423)\\n"
            + "\\tat picocli.CommandLine$AbstractParseResultHandler.execute(CommandLine.java:2277)\\n"
            + "\\tat picocli.CommandLine$RunLast.execute(CommandLine.java:2425)\\n"
            + "\\tat dev.candor.telemetry.picocli.TelemetryExecutionStrategy.execute(TelemetryExecutionStrategy.java:51)\\n"
            + "\\tat picocli.CommandLine.execute(CommandLine.java:2174)\\n"
            + "\\tat dev.candor.forge.Forge.main(Forge.java:25)\\n";
    private static final String[][] FAILURES = {
        {"java.lang.IllegalStateException", "java.lang.IllegalStateException\\n"},
        {"java.lang.NullPointerException", "java.lang.NullPointerException\\n"},
        {
            "java.io.UncheckedIOException",
            "java.io.UncheckedIOException\\n",
            "Caused by: java.nio.file.AccessDeniedException\\n"
                    + "\\tat java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:90)\\n"
                    + "\\tat java.base/java.nio.file.Files.newOutputStream(Files.java:216)\\n"
        },
        {"java.lang.ArrayIndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException\\n"},
    };

    private final String[] options = new String[4];

    /**
     * Appends the records of one run ending at {@code endNanos}, at most {@code limit} of them, each
     * with a fresh {@code log.record.uid} from {@code uids}; returns how many were written.
     */
    int writeRun(StringBuilder b, SplittableRandom r, SplittableRandom uids, long endNanos, int limit) {
        Command command = COMMANDS.pick(r);
        long duration = Math.max(1, Math.round(command.medianMillis * Math.exp(0.8 * r.nextGaussian())));
        int roll = r.nextInt(1000);
        boolean crashed = roll < 6;
        boolean handledError = !crashed && roll < 21;
        int exitCode = crashed ? 1 : r.nextInt(100) >= command.failurePercent ? 0 : r.nextInt(10) == 0 ? 2 : 1;
        int written = 0;
        if (command == Command.NEW && exitCode == 0) {
            record(b, uids, endNanos - 5_000_000, 9, "template.created");
            OtlpJson.string(b, "template", TEMPLATES.pick(r));
            b.append("]}");
            written++;
        }
        if (command == Command.TEST && !crashed && written < limit) {
            record(b, uids, endNanos - 2_000_000, 9, "tests.completed");
            OtlpJson.string(b, "runner", "forge-test");
            OtlpJson.integer(b, "passed", Math.round(40 * Math.exp(1.2 * r.nextGaussian())));
            OtlpJson.integer(b, "failed", exitCode == 0 ? 0 : 1 + r.nextInt(5));
            b.append("]}");
            written++;
        }
        if ((crashed || handledError) && written < limit) {
            String[] failure = FAILURES[command == Command.AUTO_TRAIN && r.nextBoolean() ? 3 : r.nextInt(3)];
            record(b, uids, endNanos - 1_000_000, crashed ? 21 : 17, crashed ? "cli.crash" : "cli.error");
            OtlpJson.string(b, "command.path", command.path);
            OtlpJson.string(b, "exception.type", failure[0]);
            OtlpJson.string(
                    b,
                    "exception.stacktrace",
                    failure[1] + "\\tat dev.candor.forge." + className(command)
                            + ".execute(" + className(command) + ".java:" + (20 + r.nextInt(40)) + ")\\n" + RUN_FRAMES
                            + (failure.length > 2 ? failure[2] : ""));
            b.append("]}");
            written++;
        }
        if (written < limit) {
            record(b, uids, endNanos, 9, "cli.command");
            OtlpJson.string(b, "command.path", command.path);
            int n = commandOptions(b, command, r);
            OtlpJson.strings(b, "command.options", options, n);
            OtlpJson.integer(b, "process.exit.code", exitCode);
            OtlpJson.integer(b, "command.duration_ms", duration);
            b.append("]}");
            written++;
        }
        return written;
    }

    /** Writes the allow-listed option values and file facts, fills {@link #options}, returns their count. */
    private int commandOptions(StringBuilder b, Command command, SplittableRandom r) {
        int n = 0;
        switch (command) {
            case NEW -> {
                n = maybe(r, 40, "--name", n);
                n = maybe(r, 20, "--output", n);
            }
            case BUILD -> {
                if (r.nextInt(100) < 60) {
                    OtlpJson.string(b, "command.option.configuration", r.nextInt(100) < 55 ? "Release" : "Debug");
                    options[n++] = "--configuration";
                }
                n = maybe(r, 20, "--project", n);
            }
            case RUN -> n = maybe(r, 30, "--project", n);
            case TEST -> {
                n = maybe(r, 25, "--project", n);
                n = maybe(r, 15, "--filter", n);
            }
            case PACK -> {
                n = maybe(r, 30, "--project", n);
                n = maybe(r, 40, "--configuration", n);
                n = maybe(r, 15, "--version-suffix", n);
            }
            case PUBLISH -> {
                n = maybe(r, 30, "--project", n);
                n = maybe(r, 40, "--source", n);
                options[n++] = "--api-key";
            }
            case AUTO_TRAIN -> {
                OtlpJson.string(b, "command.file.dataset.hash", Ids.hex64(r));
                OtlpJson.string(b, "command.file.dataset.size_bucket", SIZE_BUCKETS.pick(r));
                OtlpJson.string(b, "command.option.task", TASKS.pick(r));
                options[n++] = "--dataset";
                options[n++] = "--task";
                n = maybe(r, 30, "--label-column", n);
                n = maybe(r, 40, "--max-exploration-time", n);
            }
        }
        return n;
    }

    private int maybe(SplittableRandom r, int percent, String option, int n) {
        if (r.nextInt(100) < percent) {
            options[n++] = option;
        }
        return n;
    }

    private static String className(Command c) {
        return switch (c) {
            case AUTO_TRAIN -> "AutoTrainCommand";
            default -> Character.toUpperCase(c.path.charAt(0)) + c.path.substring(1) + "Command";
        };
    }

    /** Opens a log record and its attribute array, with the uid first as the SDK writes it. */
    private static void record(StringBuilder b, SplittableRandom uids, long timeNanos, int severity, String eventName) {
        if (b.charAt(b.length() - 1) != '[') {
            b.append(',');
        }
        b.append("{\"timeUnixNano\":\"")
                .append(timeNanos)
                .append("\",\"observedTimeUnixNano\":\"")
                .append(timeNanos)
                .append("\",\"severityNumber\":")
                .append(severity)
                .append(",\"severityText\":\"")
                .append(severity == 21 ? "FATAL" : severity == 17 ? "ERROR" : "INFO")
                .append("\",\"eventName\":\"")
                .append(eventName)
                .append("\",\"attributes\":[");
        OtlpJson.string(b, "log.record.uid", Ids.uuid(uids));
    }
}
