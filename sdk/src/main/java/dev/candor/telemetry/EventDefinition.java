package dev.candor.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One declared event: its name, the level a user must allow for it to be collected, why it exists,
 * and every property it may carry.
 */
public final class EventDefinition {
    private final String name;
    private final TelemetryLevel level;
    private final Purpose purpose;
    private final String comment;
    private final Map<String, PropertyDefinition> properties;

    private EventDefinition(Builder b) {
        this.name = b.name;
        this.level = b.level;
        this.purpose = b.purpose;
        this.comment = b.comment;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    }

    /** Starts a declaration. Defaults: level {@code all} (a usage event), purpose {@code FeatureInsight}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The event's dotted name ({@code template.created}). */
    public String name() {
        return name;
    }
    /** The lowest user level at which this event is collected: {@code all}, {@code error} or {@code crash}. */
    public TelemetryLevel level() {
        return level;
    }

    /** Why the event is collected, as the catalog publishes it. */
    public Purpose purpose() {
        return purpose;
    }

    /** What the event means, in words, as the catalog publishes it. */
    public String comment() {
        return comment;
    }
    /** The declared properties, in declaration order. */
    public Map<String, PropertyDefinition> properties() {
        return properties;
    }

    /** Builder for {@link EventDefinition}. */
    public static final class Builder {
        private final String name;
        private TelemetryLevel level = TelemetryLevel.ALL;
        private Purpose purpose = Purpose.FEATURE_INSIGHT;
        private String comment;
        private final Map<String, PropertyDefinition> properties = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The lowest telemetry level at which the event is sent (default {@link TelemetryLevel#ALL}); never {@code OFF}.
         */
        public Builder level(TelemetryLevel value) {
            if (Objects.requireNonNull(value, "level") == TelemetryLevel.OFF) {
                throw new IllegalArgumentException("an event cannot require level off");
            }
            level = Objects.requireNonNull(value, "level");
            return this;
        }

        /** Why the event is collected (default {@link Purpose#FEATURE_INSIGHT}). */
        public Builder purpose(Purpose value) {
            purpose = Objects.requireNonNull(value, "purpose");
            return this;
        }

        /** What the event means, in words: required, and published in the catalog. */
        public Builder comment(String value) {
            comment = Objects.requireNonNull(value, "comment");
            return this;
        }

        /**
         * Declares one of the event's properties.
         *
         * @throws IllegalArgumentException if a property of that name is declared already
         */
        public Builder property(PropertyDefinition property) {
            Objects.requireNonNull(property, "property");
            if (properties.putIfAbsent(property.name(), property) != null) {
                throw new IllegalArgumentException("property declared twice in " + name + ": " + property.name());
            }
            return this;
        }

        /**
         * The definition.
         *
         * @throws IllegalArgumentException for a name that is not lower-case dotted words, or a missing comment
         */
        public EventDefinition build() {
            if (!PropertyDefinition.isDottedName(name)) {
                throw new IllegalArgumentException("event name must be lower-case dotted words: " + name);
            }
            if (comment == null || comment.isBlank()) {
                throw new IllegalArgumentException("event " + name + " needs a comment saying what it is");
            }
            return new EventDefinition(this);
        }
    }
}
