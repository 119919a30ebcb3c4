package dev.candor.collector.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/** One named logger; its level is read once, when it is made. */
final class CandorLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final int threshold;

    CandorLogger(String name) {
        this.name = name;
        this.threshold = CandorLogging.levelOf(name).toInt();
    }

    private boolean on(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String template, Object[] args, Throwable thrown) {
        CandorLogging.write(name, level, template, args, thrown);
    }
}
