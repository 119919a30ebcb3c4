package dev.candor.telemetry.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SDK's logging: {@code java.util.logging} at FINE, so it is silent unless a developer turns it on.
 * The logger is created on first use only, because starting LogManager costs a fresh JVM tens of
 * milliseconds. Messages name exception types, never their messages (which may hold paths or values).
 */
public final class Log {
    private Log() {}

    public static void fine(String what, Throwable e) {
        if (Holder.LOGGER.isLoggable(Level.FINE)) {
            Holder.LOGGER.log(Level.FINE, what + ": " + e.getClass().getName());
        }
    }

    public static void fine(String what) {
        if (Holder.LOGGER.isLoggable(Level.FINE)) {
            Holder.LOGGER.log(Level.FINE, what);
        }
    }

    private static final class Holder {
        static final Logger LOGGER = Logger.getLogger("dev.candor.telemetry");
    }
}
