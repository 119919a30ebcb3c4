package dev.candor.telemetry;

/** The value type of a declared property; it decides the OTLP {@code AnyValue} it travels as. */
public enum PropertyType {
    STRING,
    BOOLEAN,
    LONG,
    DOUBLE,
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
