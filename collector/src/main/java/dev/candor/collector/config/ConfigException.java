package dev.candor.collector.config;

/** A setting the operator must fix. The message is one line that names the setting and the problem. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
