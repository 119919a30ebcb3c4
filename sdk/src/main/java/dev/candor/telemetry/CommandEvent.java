package dev.candor.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What happened in one command, as the tool saw it. Give it every option used, with its raw value:
 * the SDK keeps only the option's name unless the catalog allow-lists the value or asks for a file hash,
 * so the privacy decision is made in one place.
 *
 * <pre>{@code
 * run.command(CommandEvent.builder("auto-train")
 *     .option("--task", "regression")
 *     .option("--dataset", "data/houses.csv")
 *     .exitCode(0).duration(Duration.ofMillis(1200)).build());
 * }</pre>
 */
public final class CommandEvent {
    private final String path;
    private final List<Option> options;
    private final OptionalInt exitCode;
    private final Duration duration;

    private CommandEvent(Builder b) {
        this.path = b.path;
        this.options = Collections.unmodifiableList(new ArrayList<>(b.options));
        this.exitCode = b.exitCode;
        this.duration = b.duration;
    }

    /**
     * A builder for one command's event.
     *
     * @param path the command path as the tool names it: {@code build}, {@code nuget push}
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if {@code path} is blank: a command has a name
     */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** The command path, as given to {@link #builder}. */
    public String path() {
        return path;
    }

    /** The options given, in order, with their raw values (null for flags). */
    public List<Option> options() {
        return options;
    }

    /**
     * The command's exit code; empty when the tool never set one, and the event is then sent without
     * it (never as a success).
     */
    public OptionalInt exitCode() {
        return exitCode;
    }

    /** How long the command took; zero when not set. */
    public Duration duration() {
        return duration;
    }

    /**
     * An option as given on the command line.
     *
     * @param name  the option's name, as the catalog declares it ({@code --configuration})
     * @param value its raw value, or null for a flag
     */
    public record Option(String name, String value) {}

    /** Builder for {@link CommandEvent}. */
    public static final class Builder {
        private final String path;
        private final List<Option> options = new ArrayList<>();
        private OptionalInt exitCode = OptionalInt.empty();
        private Duration duration = Duration.ZERO;

        private Builder(String path) {
            this.path = Objects.requireNonNull(path, "path");
            if (path.isBlank()) {
                throw new IllegalArgumentException("a command path is needed (the command's name), not a blank one");
            }
        }

        /**
         * Adds an option as given; the catalog decides whether its value or a file hash is sent.
         *
         * @param name  the option's longest name ({@code --configuration})
         * @param value its raw value, or null for a flag
         * @throws NullPointerException if {@code name} is null
         */
        public Builder option(String name, String value) {
            options.add(new Option(Objects.requireNonNull(name, "name"), value));
            return this;
        }

        /**
         * The command's exit code. Always set it: a command event without one is sent without an exit
         * code, never as a success, and the debug output names the omission.
         */
        public Builder exitCode(int value) {
            exitCode = OptionalInt.of(value);
            return this;
        }

        /**
         * How long the command took.
         *
         * @throws NullPointerException if {@code value} is null
         */
        public Builder duration(Duration value) {
            duration = Objects.requireNonNull(value, "duration");
            return this;
        }

        /** The event, to give to {@link TelemetryRun#command}. */
        public CommandEvent build() {
            return new CommandEvent(this);
        }
    }
}
