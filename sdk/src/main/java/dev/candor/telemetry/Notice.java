package dev.candor.telemetry;

/** The generated first-run notice: what is collected, how to opt out, where to read more. */
final class Notice {
    private Notice() {}

    static String defaultText(Telemetry t) {
        String p = t.config.envPrefix();
        String more = t.privacyUrl != null ? t.privacyUrl : "the tool's documentation";
        String opening = t.localOnly
                ? t.toolId + " keeps local usage records (never sent anywhere) to help diagnose problems."
                : t.defaultConsent == DefaultConsent.OPT_IN
                        ? t.toolId + " telemetry is on because you enabled it."
                        : t.toolId + " collects usage data to help improve it.";
        return String.join(
                System.lineSeparator(),
                "Telemetry",
                "---------",
                opening + " It records which commands you run, the names of",
                "the options you use, exit codes, durations, and your OS and runtime. It never records user names,",
                "e-mail addresses, file contents or the values you type (except a few documented categories).",
                (t.localOnly ? "Nothing is recorded in this run." : "Nothing is sent in this run.")
                        + " Opt out any time: set " + p + "TELEMETRY_OPTOUT=1 or DO_NOT_TRACK=1,",
                "or run '" + t.toolId + " telemetry disable'. See exactly what is sent: '" + t.toolId
                        + " telemetry show', or " + p + "TELEMETRY_DEBUG=1.",
                "Read more: " + more,
                "(Hide this text with " + p + "NOLOGO=1.)");
    }
}
