package dev.candor.telemetry.internal;

import dev.candor.telemetry.DefaultConsent;
import dev.candor.telemetry.TelemetryLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the level of one run, in DESIGN.md's order: per-run switch, environment, settings files
 * (the more private of the machine-wide and the tool's own), then the author's default.
 */
public final class ConsentResolver {
    private final TelemetryConfig config;
    private final DefaultConsent defaultConsent;

    public ConsentResolver(TelemetryConfig config, DefaultConsent defaultConsent) {
        this.config = config;
        this.defaultConsent = defaultConsent;
    }

    /**
     * @param runSwitch {@code TRUE} for {@code --telemetry}, {@code FALSE} for {@code --no-telemetry}, null for neither
     */
    public ConsentDecision decide(Boolean runSwitch) {
        List<String> warnings = new ArrayList<>();
        if (Boolean.FALSE.equals(runSwitch)) {
            return new ConsentDecision(TelemetryLevel.OFF, "--no-telemetry was given", warnings);
        }
        if (Boolean.TRUE.equals(runSwitch)) {
            return new ConsentDecision(TelemetryLevel.ALL, "--telemetry was given", warnings);
        }
        String optOutName = config.envPrefix() + "TELEMETRY_OPTOUT";
        Optional<String> optOut = config.variable(optOutName);
        if (optOut.isPresent() && !TelemetryConfig.isFalse(optOut.get())) {
            if (!TelemetryConfig.isTrue(optOut.get())) {
                warnings.add(optOutName + " has an unrecognised value; telemetry is off."
                        + " Use 1, true or yes to opt out; 0, false or no not to.");
            }
            return new ConsentDecision(TelemetryLevel.OFF, optOutName + " is set", warnings);
        }
        Optional<String> dnt = config.variable("DO_NOT_TRACK");
        if (dnt.isPresent() && !TelemetryConfig.isFalse(dnt.get())) {
            return new ConsentDecision(TelemetryLevel.OFF, "DO_NOT_TRACK is set", warnings);
        }
        String levelName = config.envPrefix() + "TELEMETRY_LEVEL";
        Optional<String> level = config.variable(levelName);
        if (level.isPresent()) {
            Optional<TelemetryLevel> parsed = TelemetryLevel.parse(level.get());
            if (parsed.isEmpty()) {
                warnings.add(levelName + " must be off, crash, error or all; telemetry is off.");
            }
            return new ConsentDecision(parsed.orElse(TelemetryLevel.OFF), levelName + " is set", warnings);
        }
        Optional<ConsentDecision> fromFiles = fromFiles();
        if (fromFiles.isPresent()) {
            return fromFiles.get();
        }
        return defaultConsent == DefaultConsent.OPT_OUT
                ? new ConsentDecision(TelemetryLevel.ALL, "the tool's default (on; opt out any time)", warnings)
                : new ConsentDecision(TelemetryLevel.OFF, "the tool's default (off until you enable it)", warnings);
    }

    private Optional<ConsentDecision> fromFiles() {
        SettingsFile machine = new SettingsFile(config.machineConsentFile());
        SettingsFile tool = new SettingsFile(config.toolSettingsFile());
        Optional<SettingsFile.Reading> m = machine.read();
        Optional<SettingsFile.Reading> t = tool.read();
        if (m.isEmpty() && t.isEmpty()) {
            return Optional.empty();
        }
        TelemetryLevel level = TelemetryLevel.ALL;
        List<String> sources = new ArrayList<>();
        if (m.isPresent()) {
            level = TelemetryLevel.mostPrivate(level, m.get().level());
            sources.add(describe(machine, m.get()));
        }
        if (t.isPresent()) {
            level = TelemetryLevel.mostPrivate(level, t.get().level());
            sources.add(describe(tool, t.get()));
        }
        return Optional.of(new ConsentDecision(level, String.join(" and ", sources), List.of()));
    }

    private static String describe(SettingsFile file, SettingsFile.Reading reading) {
        return reading.understood()
                ? file.path() + " (level=" + reading.level().id() + ")"
                : file.path() + " (unreadable, counted as off)";
    }

    /** The level of a run and which rule decided it, for {@code telemetry status}. */
    public record ConsentDecision(TelemetryLevel level, String reason, List<String> warnings) {
        public ConsentDecision {
            warnings = List.copyOf(warnings);
        }
    }
}
