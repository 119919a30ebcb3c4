package dev.candor.telemetry;

/**
 * Whether an invocation is in the scope of telemetry at all, decided by the tool from its command line
 * before any consent rule is read. The .NET and ML.NET CLIs collect nothing for the bare command,
 * {@code --help} and {@code --version}; neither should a tool's own {@code telemetry} subcommand.
 */
public enum Scope {
    /** A command that does work: its usage may be collected, if consent allows. */
    COLLECTED,
    /** The bare command, {@code --help}, {@code --version}, the {@code telemetry} subcommand: nothing is collected. */
    NOT_COLLECTED
}
