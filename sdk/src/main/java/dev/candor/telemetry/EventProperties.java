package dev.candor.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The properties of one tool event, typed by {@link PropertyKey}: built once, immutable.
 *
 * <pre>{@code
 * run.event("template.created", EventProperties.builder().put(TEMPLATE, "console").put(FILES, 7L).build());
 * }</pre>
 */
public final class EventProperties {
    private static final EventProperties EMPTY = new EventProperties(Map.of());

    private final Map<String, Object> values;

    private EventProperties(Map<String, Object> values) {
        this.values = values;
    }

    /** No properties. */
    public static EventProperties empty() {
        return EMPTY;
    }

    /** One property. */
    public static <A> EventProperties of(PropertyKey<A> key, A value) {
        return builder().put(key, value).build();
    }

    /** Two properties. */
    public static <A, B> EventProperties of(PropertyKey<A> k1, A v1, PropertyKey<B> k2, B v2) {
        return builder().put(k1, v1).put(k2, v2).build();
    }

    /** Three properties. */
    public static <A, B, C> EventProperties of(
            PropertyKey<A> k1, A v1, PropertyKey<B> k2, B v2, PropertyKey<C> k3, C v3) {
        return builder().put(k1, v1).put(k2, v2).put(k3, v3).build();
    }

    /** A builder, for any number of properties. */
    public static Builder builder() {
        return new Builder();
    }

    /** The properties by name, in the order they were put; unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Builder for {@link EventProperties}. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets one property; a later value for the same name replaces an earlier one.
         *
         * @throws NullPointerException if {@code key} or {@code value} is null
         */
        public <T> Builder put(PropertyKey<T> key, T value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            values.put(key.name(), value instanceof List<?> l ? List.copyOf(l) : value);
            return this;
        }

        /** The properties. */
        public EventProperties build() {
            return new EventProperties(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
