package dev.candor.telemetry;

import java.util.List;
import java.util.Objects;

/**
 * The one-run switch a user gave on the command line: {@code --telemetry} turns telemetry on for this
 * invocation (above every opt-out but {@code DO_NOT_TRACK} and the operator's policy, see docs/PRIVACY.md),
 * {@code --no-telemetry} turns it off for this invocation only.
 */
public enum RunSwitch {
    /** Neither switch was given. */
    NONE,
    /** {@code --telemetry}. */
    ON,
    /** {@code --no-telemetry}. */
    OFF;

    /** The option that turns telemetry on for one run. */
    public static final String ON_OPTION = "--telemetry";

    /** The option that turns telemetry off for one run. */
    public static final String OFF_OPTION = "--no-telemetry";

    /**
     * The switch in a command line: the last of {@code --telemetry} and {@code --no-telemetry} wins, as
     * with any repeated option; {@link #NONE} when neither is there. Arguments after {@code --} are
     * operands, not options, and are not read.
     *
     * @param args the command line, as {@code main} got it
     * @throws NullPointerException if {@code args} or one of its elements is null
     */
    public static RunSwitch of(List<String> args) {
        Objects.requireNonNull(args, "args");
        RunSwitch found = NONE;
        for (String a : args) {
            Objects.requireNonNull(a, "args element");
            if (a.equals("--")) {
                break;
            }
            if (a.equals(ON_OPTION)) {
                found = ON;
            } else if (a.equals(OFF_OPTION)) {
                found = OFF;
            }
        }
        return found;
    }

    /** {@code TRUE} for {@link #ON}, {@code FALSE} for {@link #OFF}, null for {@link #NONE}: the consent rules' input. */
    Boolean asOverride() {
        return this == ON ? Boolean.TRUE : this == OFF ? Boolean.FALSE : null;
    }
}
