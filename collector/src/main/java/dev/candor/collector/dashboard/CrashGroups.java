package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.json.Json;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Crash groups that survive a release, as Sentry's default grouping makes them: one group per event
 * name, exception type and the top frames <em>in the tool's own code</em>, without line numbers or file
 * names, so that a release that moves a line (or a crash that passes through the JDK or picocli first)
 * does not start a new group. The stores give the top three frames of each stack with everything in
 * parentheses removed ({@code dev.candor.forge.BuildCommand.execute}); the grouping itself is here, the
 * same for every store.
 */
public final class CrashGroups {
    static final int LIMIT = 50;
    static final int SIGNATURE_FRAMES = 2;

    /** Frames of code that is not the tool's: the JDK, common runtimes and libraries, and Candor's SDK. */
    private static final List<String> LIBRARY_PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.", "picocli.", "dev.candor.telemetry.");

    /** Crash events of one event name, type, top frames and tool version: how many, when, one stack. */
    public record Row(
            String event,
            String type,
            String frames,
            String version,
            long count,
            String first,
            String last,
            String stack) {}

    /** A command in which crashes of one event name, type and top frames happened. */
    public record CommandRow(String event, String type, String frames, String command) {}

    /** How many crash events of one event name, type and top frames fell on a day. */
    public record DayRow(String event, String type, String frames, LocalDate day, long count) {}

    private CrashGroups() {}

    /** The frames a group is known by: the first {@value #SIGNATURE_FRAMES} of the tool's own, or the top one. */
    static List<String> signature(String frames) {
        List<String> all = new ArrayList<>();
        for (String f : frames.split("\n")) {
            String t = f.strip();
            if (!t.isEmpty()) {
                all.add(t);
            }
        }
        List<String> own = new ArrayList<>();
        for (String f : all) {
            if (LIBRARY_PREFIXES.stream().noneMatch(f::startsWith) && own.size() < SIGNATURE_FRAMES) {
                own.add(f);
            }
        }
        if (own.isEmpty() && !all.isEmpty()) {
            own.add(all.get(0));
        }
        return own;
    }

    private static String key(String event, String type, String frames) {
        return event + '\u0000' + type + '\u0000' + String.join("\n", signature(frames));
    }

    private static final class Group {
        String event;
        String type;
        List<String> frames;
        long count;
        String first;
        String last;
        String stack;
        long largestRow = -1;
        final Set<String> commands = new HashSet<>();
        final TreeMap<String, Long> versions = new TreeMap<>(CrashGroups::compareVersions);
        final Map<LocalDate, Long> days = new TreeMap<>();
    }

    static ObjectNode answer(DayRange r, List<Row> rows, List<CommandRow> commands, List<DayRow> days) {
        Map<String, Group> groups = new LinkedHashMap<>();
        String newest = null;
        for (Row row : rows) {
            Group g = groups.computeIfAbsent(key(row.event(), row.type(), row.frames()), k -> new Group());
            if (g.event == null) {
                g.event = row.event();
                g.type = row.type();
                g.frames = signature(row.frames());
            }
            g.count += row.count();
            g.first = g.first == null || row.first().compareTo(g.first) < 0 ? row.first() : g.first;
            g.last = g.last == null || row.last().compareTo(g.last) > 0 ? row.last() : g.last;
            if (row.count() > g.largestRow
                    || row.count() == g.largestRow && row.stack().compareTo(g.stack) < 0) {
                g.largestRow = row.count();
                g.stack = row.stack();
            }
            g.versions.merge(row.version(), row.count(), Long::sum);
            if (!row.version().isEmpty() && (newest == null || compareVersions(row.version(), newest) > 0)) {
                newest = row.version();
            }
        }
        for (CommandRow c : commands) {
            Group g = groups.get(key(c.event(), c.type(), c.frames()));
            if (g != null) {
                g.commands.add(c.command());
            }
        }
        for (DayRow d : days) {
            Group g = groups.get(key(d.event(), d.type(), d.frames()));
            if (g != null) {
                g.days.merge(d.day(), d.count(), Long::sum);
            }
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong((Group g) -> -g.count)
                .thenComparing(g -> g.type)
                .thenComparing(g -> String.join("\n", g.frames))
                .thenComparing(g -> g.event));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("tool", r.tool()).put("from", r.from().toString()).put("to", r.to().toString());
        out.put("newestVersion", newest);
        ArrayNode list = out.putArray("groups");
        for (Group g : sorted.subList(0, Math.min(LIMIT, sorted.size()))) {
            String firstVersion = g.versions.isEmpty() ? "" : g.versions.firstKey();
            String lastVersion = g.versions.isEmpty() ? "" : g.versions.lastKey();
            ObjectNode o = list.addObject()
                    .put("event", g.event)
                    .put("type", g.type)
                    .put("frame", g.frames.isEmpty() ? "" : g.frames.get(0))
                    .put("count", g.count)
                    .put("first", g.first)
                    .put("last", g.last)
                    .put("stack", g.stack)
                    .put("commands", g.commands.size())
                    .put("firstVersion", firstVersion)
                    .put("lastVersion", lastVersion)
                    .put("newInNewestVersion", newest != null && firstVersion.equals(newest));
            ArrayNode frames = o.putArray("frames");
            g.frames.forEach(frames::add);
            ArrayNode versions = o.putArray("versions");
            g.versions.forEach((v, n) -> versions.addObject().put("version", v).put("count", n));
            ArrayNode perDay = o.putArray("days");
            if (list.size() <= DashboardAnswers.CHARTED_CRASH_GROUPS) {
                g.days.forEach((day, n) ->
                        perDay.addObject().put("day", day.toString()).put("count", n));
            }
        }
        return out;
    }

    /** Versions by their numeric parts ({@code 1.10.0} after {@code 1.9.2}), then as text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-+]");
        String[] y = b.split("[.\\-+]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].matches("\\d{1,9}");
            boolean ny = y[i].matches("\\d{1,9}");
            int c = nx && ny ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(x.length, y.length);
        return c != 0 ? c : a.compareTo(b);
    }
}
