package dev.candor.telemetry;

/** What a tool does when the user has expressed no choice at all; chosen by the tool's author. */
public enum DefaultConsent {
    /** On after the first-run notice, as the .NET CLI and VS Code. */
    OPT_OUT,
    /** Off until the user enables it, as Xtraq. */
    OPT_IN
}
