package dev.candor.telemetry;

/** Why a property is collected, as VS Code documents it. */
public enum Purpose {
    /** To keep the tool fast and working: durations, failures, crashes. */
    PERFORMANCE_AND_HEALTH("PerformanceAndHealth"),
    /** To learn which features are used and how. */
    FEATURE_INSIGHT("FeatureInsight"),
    /** To learn about adoption: versions, platforms, counts of machines. */
    BUSINESS_INSIGHT("BusinessInsight");

    private final String wireName;

    Purpose(String wireName) {
        this.wireName = wireName;
    }

    /** The name printed in the catalog JSON. */
    public String wireName() {
        return wireName;
    }
}
