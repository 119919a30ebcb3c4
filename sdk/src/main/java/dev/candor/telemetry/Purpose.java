package dev.candor.telemetry;

/** Why a property is collected, as VS Code documents it. */
public enum Purpose {
    PERFORMANCE_AND_HEALTH("PerformanceAndHealth"),
    FEATURE_INSIGHT("FeatureInsight"),
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
