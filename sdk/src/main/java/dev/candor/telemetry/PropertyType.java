package dev.candor.telemetry;

/** The value type of a declared property; it decides the OTLP {@code AnyValue} it travels as. */
public enum PropertyType {
    /** Text; scrubbed before it is written, and capped. */
    STRING,
    /** true or false. */
    BOOLEAN,
    /** A whole number ({@code Integer} and {@code Long} values). */
    LONG,
    /** A number ({@code Float} and {@code Double} values). */
    DOUBLE,
    /** A list of strings, each scrubbed. */
    STRING_ARRAY;

    /** The name printed in the catalog JSON. */
    public String wireName() {
        switch (this) {
            case STRING:
                return "string";
            case BOOLEAN:
                return "boolean";
            case LONG:
                return "long";
            case DOUBLE:
                return "double";
            default:
                return "string[]";
        }
    }
}
