package dev.candor.common;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Formats an exception for a crash or error event: class names and frames only. Exception messages
 * are left out entirely (they hold file names, user input, tokens); frames go through the scrubber.
 */
public final class StackTraces {
    public static final int MAX_LENGTH = 8000;
    private static final int MAX_FRAMES = 64;
    private static final int MAX_CAUSES = 8;

    private StackTraces() {}

    public static String format(Throwable error, Scrubber scrubber) {
        StringBuilder sb = new StringBuilder(1024);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_CAUSES && seen.add(t); depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("Caused by: ");
            }
            sb.append(t.getClass().getName()).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            int shown = Math.min(frames.length, MAX_FRAMES);
            for (int i = 0; i < shown; i++) {
                sb.append("\tat ")
                        .append(scrubber.scrub(frames[i].toString(), 500))
                        .append('\n');
            }
            if (frames.length > shown) {
                sb.append("\t... ").append(frames.length - shown).append(" more\n");
            }
            if (sb.length() > MAX_LENGTH) {
                break;
            }
        }
        return scrubber.scrub(sb.toString(), MAX_LENGTH);
    }
}
