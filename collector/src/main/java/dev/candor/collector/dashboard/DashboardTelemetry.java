package dev.candor.collector.dashboard;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.ingest.LocalIngest;
import dev.candor.common.AttributeNames;
import dev.candor.common.OtlpLogs;
import dev.candor.common.Scrubber;
import dev.candor.common.StackTraces;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's own usage, recorded as the Aspire dashboard does and sent as the tool
 * {@value #TOOL_ID} through the collector's ingest path ({@link LocalIngest}): page views (route
 * names only), the browser family and major version, the browser's and the dashboard's language,
 * dashboard commands with hashed names, data-processing times, and unhandled exceptions without
 * messages. Never an address, a country, the full user agent or anything shown on a page. Events
 * wait in a bounded queue (dropped when it is full) and go out every {@link #FLUSH_SECONDS} seconds.
 * When off, every method does nothing.
 */
final class DashboardTelemetry implements AutoCloseable {
    static final String TOOL_ID = "candor-dashboard";
    private static final String SCOPE_NAME = "dev.candor.collector.dashboard";
    /** Shown at the bottom of the Settings page whenever the dashboard records its usage. */
    static final String DISCLOSURE = "The Candor dashboard collects usage data about itself and stores it in this"
            + " collector as the tool candor-dashboard, so that you can see how the dashboard is used and where it"
            + " fails. It records which pages are opened (their names only), your browser's family, major version"
            + " and language, the dashboard's language, which dashboard commands run (their names hashed), how long"
            + " the data took to compute, and unhandled errors without their messages. It records no IP address, no"
            + " country, no full user agent and nothing shown on the pages. To turn it off, start the collector"
            + " with CANDOR_DASHBOARD_ENABLE_TELEMETRY=false. The data points are listed in docs/PRIVACY.md.";

    static final Set<String> ROUTES =
            Set.of("overview", "commands", "errors", "catalog", "published", "settings", "login");
    static final Set<String> DATA_ROUTES =
            Set.of("overview", "commands", "errors", "catalog", "published", "settings", "tools", "session");
    static final int FLUSH_SECONDS = 2;
    private static final int QUEUE = 10_000;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,99}");
    private static final Pattern FIREFOX_FRAME = Pattern.compile("[^\\s@]{0,200}@.+:\\d+:\\d+");
    private static final Pattern ORIGIN = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s)]*");
    private static final Pattern[] BROWSERS = {
        Pattern.compile("Edg(?:e|A|iOS)?/(\\d{1,4})"), Pattern.compile("OPR/(\\d{1,4})"),
        Pattern.compile("(?:Headless)?Chrome/(\\d{1,4})"), Pattern.compile("Firefox/(\\d{1,4})"),
        Pattern.compile("Version/(\\d{1,4})[.\\d]* .*Safari/"),
    };
    private static final String[] FAMILIES = {"Edge", "Opera", "Chrome", "Firefox", "Safari"};

    private record Event(String name, String sessionId, long timeNanos, Map<String, Object> attributes) {}

    private final boolean enabled;
    private final ToolRegistry.Tool tool;
    private final LocalIngest ingest;
    private final String version;
    private final BlockingQueue<Event> pending = new ArrayBlockingQueue<>(QUEUE);
    private final ScheduledExecutorService flusher;
    private final Scrubber scrubber = Scrubber.standard();

    private DashboardTelemetry(boolean enabled, ToolRegistry.Tool tool, LocalIngest ingest, String version) {
        this.enabled = enabled;
        this.tool = tool;
        this.ingest = ingest;
        this.version = version;
        if (enabled) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "candor-dashboard-telemetry");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flush, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
        } else {
            flusher = null;
        }
    }

    static DashboardTelemetry on(ToolRegistry.Tool tool, LocalIngest ingest, String version) {
        return new DashboardTelemetry(true, tool, ingest, version);
    }

    static DashboardTelemetry off() {
        return new DashboardTelemetry(false, null, null, "");
    }

    boolean enabled() {
        return enabled;
    }

    void pageViewed(String sessionId, String route, String userAgent, String browserLanguage) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("page.route", route(route));
        String[] browser = browser(userAgent);
        a.put("browser.family", browser[0]);
        a.put("browser.major_version", Long.parseLong(browser[1]));
        a.put("browser.language", language(browserLanguage));
        a.put("dashboard.language", "en");
        record("dashboard.page_viewed", sessionId, a);
    }

    void command(String sessionId, String route, String commandName) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("page.route", route(route));
        a.put("command.name_hash", HexFormat.of().formatHex(AdminToken.sha256(String.valueOf(commandName))));
        record("dashboard.command", sessionId, a);
    }

    void dataProcessed(String sessionId, String dataRoute, long millis) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("data.route", DATA_ROUTES.contains(dataRoute) ? dataRoute : "other");
        a.put("processing.duration_ms", millis);
        record("dashboard.data_processed", sessionId, a);
    }

    /** An error thrown in the page's script: only its type and its frames, with addresses cut to their path. */
    void browserException(String sessionId, String route, String type, String stack) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("page.route", route(route));
        a.put("exception.origin", "browser");
        a.put(AttributeNames.EXCEPTION_TYPE, type != null && TYPE.matcher(type).matches() ? type : "Error");
        a.put(AttributeNames.EXCEPTION_STACKTRACE, browserFrames(stack));
        record("dashboard.exception", sessionId, a);
    }

    void serverException(String sessionId, Throwable error) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("page.route", "other");
        a.put("exception.origin", "server");
        a.put(AttributeNames.EXCEPTION_TYPE, error.getClass().getName());
        a.put(AttributeNames.EXCEPTION_STACKTRACE, StackTraces.format(error, scrubber));
        record("dashboard.exception", sessionId, a);
    }

    private void record(String name, String sessionId, Map<String, Object> attributes) {
        if (enabled) {
            pending.offer(new Event(name, sessionId, System.currentTimeMillis() * 1_000_000, attributes));
        }
    }

    /** Sends what is queued; completes with the number of events the journal accepted. */
    CompletableFuture<Integer> flush() {
        List<Event> batch = new ArrayList<>();
        pending.drainTo(batch);
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return ingest.submit(tool, otlpJson(batch)).exceptionally(e -> 0);
    }

    /** One {@code ResourceLogs} per browser session, written as the SDK writes a run's ({@link OtlpLogs}). */
    private byte[] otlpJson(List<Event> batch) {
        Map<String, List<OtlpLogs.Record>> bySession = new LinkedHashMap<>();
        for (Event e : batch) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(AttributeNames.RECORD_UID, UUID.randomUUID().toString());
            attributes.putAll(e.attributes());
            bySession
                    .computeIfAbsent(e.sessionId(), k -> new ArrayList<>())
                    .add(new OtlpLogs.Record(e.timeNanos(), 9, "INFO", e.name(), attributes));
        }
        List<String> resourceLogs = new ArrayList<>();
        for (Map.Entry<String, List<OtlpLogs.Record>> s : bySession.entrySet()) {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put(AttributeNames.SERVICE_NAME, TOOL_ID);
            resource.put(AttributeNames.SERVICE_VERSION, version);
            resource.put(AttributeNames.SESSION_ID, s.getKey());
            resource.put(AttributeNames.SDK_NAME, "candor");
            resource.put(AttributeNames.SDK_LANGUAGE, "java");
            resourceLogs.add(OtlpLogs.resourceLogs(resource, SCOPE_NAME, version, s.getValue()));
        }
        return OtlpLogs.request(resourceLogs).getBytes(StandardCharsets.UTF_8);
    }

    static String route(String route) {
        return route != null && ROUTES.contains(route) ? route : "other";
    }

    static String language(String tag) {
        return tag != null && LANGUAGE.matcher(tag).matches() ? tag : "und";
    }

    /** {@code {"Chrome", "131"}} for a Chrome user agent; {@code {"Other", "0"}} when none matches. */
    static String[] browser(String userAgent) {
        if (userAgent != null && userAgent.length() <= 1024) {
            for (int i = 0; i < BROWSERS.length; i++) {
                Matcher m = BROWSERS[i].matcher(userAgent);
                if (m.find()) {
                    return new String[] {FAMILIES[i], m.group(1)};
                }
            }
        }
        return new String[] {"Other", "0"};
    }

    /** Keeps only the frames of a script's stack (never the message line), each address cut to its path. */
    static String browserFrames(String stack) {
        if (stack == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int frames = 0;
        for (String line : stack.split("\n", 200)) {
            String l = line.strip();
            boolean frame = l.startsWith("at ") || FIREFOX_FRAME.matcher(l).matches();
            if (frame && frames < 30) {
                out.append(ORIGIN.matcher(l).replaceAll("")).append('\n');
                frames++;
            }
        }
        return out.length() > 4000 ? out.substring(0, 4000) : out.toString();
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            flush();
        }
    }
}
