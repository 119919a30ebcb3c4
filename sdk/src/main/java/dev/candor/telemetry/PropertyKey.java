package dev.candor.telemetry;

import java.util.List;
import java.util.Objects;

/**
 * A typed name for a property of a tool event, as OpenTelemetry's {@code AttributeKey<T>}: a value of
 * the wrong Java type for its key does not compile. Keep the keys beside the catalog that declares them:
 *
 * <pre>{@code
 * static final PropertyKey<String> TEMPLATE = PropertyKey.string("template");
 * static final PropertyKey<Long> FILES = PropertyKey.longKey("files");
 * ...
 * run.event("template.created", EventProperties.of(TEMPLATE, "console", FILES, 7L));
 * }</pre>
 *
 * The catalog still decides what is sent: a key it does not declare for the event, or declares with
 * another type, is dropped with a trace, as for {@link TelemetryRun#event(String, java.util.Map)}.
 *
 * @param <T> the Java type of the property's values
 */
public final class PropertyKey<T> {
    private final String name;
    private final PropertyType type;

    private PropertyKey(String name, PropertyType type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        if (name.isBlank()) {
            throw new IllegalArgumentException("a property key needs a name");
        }
    }

    /** A key for a {@link PropertyType#STRING} property. */
    public static PropertyKey<String> string(String name) {
        return new PropertyKey<>(name, PropertyType.STRING);
    }

    /** A key for a {@link PropertyType#LONG} property. */
    public static PropertyKey<Long> longKey(String name) {
        return new PropertyKey<>(name, PropertyType.LONG);
    }

    /** A key for a {@link PropertyType#DOUBLE} property. */
    public static PropertyKey<Double> doubleKey(String name) {
        return new PropertyKey<>(name, PropertyType.DOUBLE);
    }

    /** A key for a {@link PropertyType#BOOLEAN} property. */
    public static PropertyKey<Boolean> booleanKey(String name) {
        return new PropertyKey<>(name, PropertyType.BOOLEAN);
    }

    /** A key for a {@link PropertyType#STRING_ARRAY} property. */
    public static PropertyKey<List<String>> stringArray(String name) {
        return new PropertyKey<>(name, PropertyType.STRING_ARRAY);
    }

    /** The property's name, as the catalog declares it. */
    public String name() {
        return name;
    }

    /** The property's type, which the catalog must declare too. */
    public PropertyType type() {
        return type;
    }

    /** Keys are equal when name and type are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PropertyKey<?> k && k.name.equals(name) && k.type == type;
    }

    /** As {@link #equals}. */
    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type.hashCode();
    }

    /** {@code name (type)}. */
    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
