package dev.candor.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
    private final int exitCode;
    private final Duration duration;

    private CommandEvent(Builder b) {
        this.path = b.path;
        this.options = Collections.unmodifiableList(new ArrayList<>(b.options));
        this.exitCode = b.exitCode;
        this.duration = b.duration;
    }

    /** @param path the command path as the tool names it: {@code build}, {@code nuget push} */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    public String path() {
        return path;
    }

    public List<Option> options() {
        return options;
    }

    public int exitCode() {
        return exitCode;
    }

    public Duration duration() {
        return duration;
    }

    /** An option as given on the command line; {@code value} may be null for flags. */
    public record Option(String name, String value) {}

    /** Builder for {@link CommandEvent}. */
    public static final class Builder {
        private final String path;
        private final List<Option> options = new ArrayList<>();
        private int exitCode;
        private Duration duration = Duration.ZERO;

        private Builder(String path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        public Builder option(String name, String value) {
            options.add(new Option(Objects.requireNonNull(name, "name"), value));
            return this;
        }

        public Builder exitCode(int value) {
            exitCode = value;
            return this;
        }

        public Builder duration(Duration value) {
            duration = Objects.requireNonNull(value);
            return this;
        }

        public CommandEvent build() {
            return new CommandEvent(this);
        }
    }
}
