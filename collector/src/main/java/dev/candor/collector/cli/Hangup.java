package dev.candor.collector.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP for the collector: without a handler the JVM ends on it, as on SIGTERM; with one, it reloads.
 * The JDK's only API for signals is {@code sun.misc.Signal} (module jdk.unsupported, present in every
 * OpenJDK build): it is reached by reflection, so that the build's warnings-as-errors stay on, and a
 * JVM without it (or Windows, which has no SIGHUP) starts without the handler and says so.
 */
final class Hangup {
    private static final Logger LOG = LoggerFactory.getLogger(Hangup.class);

    private Hangup() {}

    /** Runs {@code action} on each SIGHUP, on the JVM's signal thread, one at a time. */
    static void onSignal(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            InvocationHandler call = (Object proxy, Method m, Object[] args) -> {
                if (m.getName().equals("handle")) {
                    synchronized (Hangup.class) {
                        action.run();
                    }
                    return null;
                }
                return switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "candor SIGHUP handler";
                };
            };
            Object proxy = Proxy.newProxyInstance(Hangup.class.getClassLoader(), new Class<?>[] {handler}, call);
            signal.getMethod("handle", signal, handler).invoke(null, hup, proxy);
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            LOG.warn(
                    "SIGHUP cannot be handled on this JVM ({}): it stops the collector",
                    e.getClass().getSimpleName());
        }
    }
}
