package dev.candor.telemetry;

import java.util.Objects;

/**
 * One declared property of an event: what it is, why it is collected and how it is handled.
 * A property that is not declared is never sent.
 *
 * <pre>{@code
 * PropertyDefinition.builder("template", PropertyType.STRING)
 *     .classification(Classification.SYSTEM_METADATA)
 *     .purpose(Purpose.FEATURE_INSIGHT)
 *     .comment("Name of the built-in template used")
 *     .build();
 * }</pre>
 */
public final class PropertyDefinition {
    private final String name;
    private final PropertyType type;
    private final Classification classification;
    private final Purpose purpose;
    private final DataEndpoint endpoint;
    private final boolean measurement;
    private final boolean hashed;
    private final String comment;
    private final java.util.List<String> allowedValues;

    private PropertyDefinition(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.classification = b.classification;
        this.purpose = b.purpose;
        this.endpoint = b.endpoint;
        this.measurement = b.measurement;
        this.hashed = b.hashed;
        this.comment = b.comment;
        this.allowedValues = java.util.List.copyOf(b.allowedValues);
    }

    /**
     * A builder for the property a typed key names, with the key's name and type: declare the key once
     * and use it both here and in {@link EventProperties}.
     *
     * @throws NullPointerException if {@code key} is null
     */
    public static Builder builder(PropertyKey<?> key) {
        Objects.requireNonNull(key, "key");
        return new Builder(key.name(), key.type());
    }

    /** Starts a declaration; name is lower-case dotted ({@code command.path}), checked at {@code build()}. */
    public static Builder builder(String name, PropertyType type) {
        return new Builder(name, type);
    }

    /** The property's dotted name. */
    public String name() {
        return name;
    }

    /** The type a value must have to be sent. */
    public PropertyType type() {
        return type;
    }

    /** What kind of data the property is, as the catalog publishes it. */
    public Classification classification() {
        return classification;
    }

    /** Why the property is collected, as the catalog publishes it. */
    public Purpose purpose() {
        return purpose;
    }

    /** Special handling on the way in, if any. */
    public DataEndpoint endpoint() {
        return endpoint;
    }
    /** True for numbers that are measured (durations, sizes) rather than categories. */
    public boolean isMeasurement() {
        return measurement;
    }
    /** True when the SDK replaces the value by its salted hash before anything is written. */
    public boolean isHashed() {
        return hashed;
    }

    /** What the property means, in words, as the catalog publishes it. */
    public String comment() {
        return comment;
    }
    /**
     * The closed set of values a string property may carry, in declaration order; empty when it is not
     * closed. Any other value is sent as {@value #OTHER}, and the collector enforces the same set.
     */
    public java.util.List<String> allowedValues() {
        return allowedValues;
    }

    /** What a value outside a property's closed set is sent as. */
    public static final String OTHER = "<other>";

    /** Builder; defaults: {@code SystemMetaData}, {@code FeatureInsight}, endpoint {@code none}, not a measurement. */
    public static final class Builder {
        private final String name;
        private final PropertyType type;
        private Classification classification = Classification.SYSTEM_METADATA;
        private Purpose purpose = Purpose.FEATURE_INSIGHT;
        private DataEndpoint endpoint = DataEndpoint.NONE;
        private boolean measurement;
        private boolean hashed;
        private String comment;
        private java.util.List<String> allowedValues = java.util.List.of();

        private Builder(String name, PropertyType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** What kind of data the property is (default {@link Classification#SYSTEM_METADATA}). */
        public Builder classification(Classification value) {
            classification = Objects.requireNonNull(value, "classification");
            return this;
        }

        /** Why the property is collected (default {@link Purpose#FEATURE_INSIGHT}). */
        public Builder purpose(Purpose value) {
            purpose = Objects.requireNonNull(value, "purpose");
            return this;
        }

        /** Special handling on the way in (default {@link DataEndpoint#NONE}). */
        public Builder endpoint(DataEndpoint value) {
            endpoint = Objects.requireNonNull(value, "endpoint");
            return this;
        }

        /** True for a number that is measured (a count, a duration) rather than a category. */
        public Builder measurement(boolean value) {
            measurement = value;
            return this;
        }

        /** What the property means, in words: required, and published in the catalog. */
        public Builder comment(String value) {
            comment = Objects.requireNonNull(value, "comment");
            return this;
        }

        /** Closes a string property to these values (see {@link PropertyDefinition#allowedValues()}). */
        public Builder allowedValues(java.util.Collection<String> values) {
            allowedValues = java.util.List.copyOf(Objects.requireNonNull(values, "allowedValues"));
            return this;
        }

        /**
         * Marks a string property to be hashed with the installation's secret before it is written,
         * so values such as file names can be counted without being readable.
         */
        public Builder hashed() {
            hashed = true;
            classification = Classification.END_USER_PSEUDONYMIZED_INFORMATION;
            return this;
        }

        /** Validates the declaration; a bad one is the author's mistake and fails here, not on a user's machine. */
        public PropertyDefinition build() {
            if (!isDottedName(name)) {
                throw new IllegalArgumentException("property name must be lower-case dotted words: " + name);
            }
            if (comment == null || comment.isBlank()) {
                throw new IllegalArgumentException("property " + name + " needs a comment saying what it is");
            }
            if (hashed && type != PropertyType.STRING) {
                throw new IllegalArgumentException("only string properties can be hashed: " + name);
            }
            if (measurement && type != PropertyType.LONG && type != PropertyType.DOUBLE) {
                throw new IllegalArgumentException("a measurement must be numeric: " + name);
            }
            if (!allowedValues.isEmpty() && (type != PropertyType.STRING || hashed)) {
                throw new IllegalArgumentException(
                        "only plain string properties can have a closed set of values: " + name);
            }
            for (String v : allowedValues) {
                if (v.isBlank() || v.length() > 64 || v.equals(OTHER)) {
                    throw new IllegalArgumentException(
                            "allowed values of " + name + " must be 1-64 chars and not " + OTHER + ": '" + v + "'");
                }
            }
            return new PropertyDefinition(this);
        }
    }
    /** Lower-case dotted words ({@code command.path}); checked by hand, since regex start-up costs a CLI milliseconds. */
    static boolean isDottedName(String name) {
        if (name == null || name.isEmpty() || name.length() > 100) {
            return false;
        }
        boolean wordStart = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (wordStart) {
                    return false;
                }
                wordStart = true;
                continue;
            }
            boolean letter = c >= 'a' && c <= 'z';
            boolean other = (c >= '0' && c <= '9') || c == '_';
            if (!(letter || other) || (i == 0 && !letter)) {
                return false;
            }
            wordStart = false;
        }
        return !wordStart;
    }
}
