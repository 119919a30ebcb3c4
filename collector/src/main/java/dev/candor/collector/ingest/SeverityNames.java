package dev.candor.collector.ingest;

/** OTLP's {@code SeverityNumber} enum names, for JSON bodies that write enums by name. */
final class SeverityNames {
    private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private SeverityNames() {}

    /** {@code SEVERITY_NUMBER_ERROR3} → 19; null when not a known name. */
    static Integer number(String name) {
        if (name.equals("SEVERITY_NUMBER_UNSPECIFIED")) {
            return 0;
        }
        if (!name.startsWith("SEVERITY_NUMBER_")) {
            return null;
        }
        String rest = name.substring("SEVERITY_NUMBER_".length());
        for (int i = 0; i < LEVELS.length; i++) {
            if (rest.startsWith(LEVELS[i])) {
                String suffix = rest.substring(LEVELS[i].length());
                int step = suffix.isEmpty()
                        ? 1
                        : suffix.length() == 1 && suffix.charAt(0) >= '2' && suffix.charAt(0) <= '4'
                                ? suffix.charAt(0) - '0'
                                : -1;
                return step < 0 ? null : i * 4 + step;
            }
        }
        return null;
    }
}
