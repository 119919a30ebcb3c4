package dev.candor.telemetry;

import static dev.candor.telemetry.AttributeNames.*;

import dev.candor.telemetry.internal.ConsentResolver;
import dev.candor.telemetry.internal.DeliveryWorker;
import dev.candor.telemetry.internal.EventFactory;
import dev.candor.telemetry.internal.EventJson;
import dev.candor.telemetry.internal.Hasher;
import dev.candor.telemetry.internal.HostFacts;
import dev.candor.telemetry.internal.InstallationIds;
import dev.candor.telemetry.internal.LocalDocuments;
import dev.candor.telemetry.internal.NoticeGate;
import dev.candor.telemetry.internal.OtlpHttpSender;
import dev.candor.telemetry.internal.OtlpJson;
import dev.candor.telemetry.internal.RecordedEvent;
import dev.candor.telemetry.internal.Scrubber;
import dev.candor.telemetry.internal.SpoolQueue;
import dev.candor.telemetry.internal.TraceLog;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The telemetry of one invocation. Record what happened, then close it (try-with-resources): closing
 * writes the run's events to the spool (or the debug output, or local documents) and waits, within the
 * exit budget, for them to be sent. No method throws into the tool; when telemetry is off every method
 * does nothing.
 */
public final class TelemetryRun implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("dev.candor.telemetry");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private enum Sink { NONE, DEBUG, LOCAL, REMOTE }

    private final Telemetry telemetry;
    private final TelemetryLevel level;
    private final String reason;
    private final Sink sink;
    private final String sessionId;
    private final Instant started;
    private final List<RecordedEvent> events = new ArrayList<>();
    private EventFactory factory;
    private Map<String, Object> resource = Map.of();
    private SpoolQueue spool;
    private DeliveryWorker worker;
    private boolean inCi;
    private boolean closed;

    private TelemetryRun(Telemetry telemetry, TelemetryLevel level, String reason, Sink sink) {
        this.telemetry = telemetry;
        this.level = level;
        this.reason = reason;
        this.sink = sink;
        this.started = telemetry.clock.instant();
        this.sessionId = telemetry.config.toolVariable("TELEMETRY_SESSIONID")
                .filter(s -> UUID_TEXT.matcher(s).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    static TelemetryRun begin(Telemetry t, boolean collects, Boolean runSwitch) {
        try {
            return open(t, collects, runSwitch);
        } catch (Throwable e) {
            LOG.log(Level.FINE, "telemetry disabled for this run: {0}", e.getClass().getName());
            return new TelemetryRun(t, TelemetryLevel.OFF, "telemetry failed to start", Sink.NONE);
        }
    }

    private static TelemetryRun open(Telemetry t, boolean collects, Boolean runSwitch) {
        boolean debug = t.config.flag("TELEMETRY_DEBUG");
        if (!collects) {
            return off(t, "this invocation collects nothing (bare command, --help, --version)", debug);
        }
        ConsentResolver.ConsentDecision decision = new ConsentResolver(t.config, t.defaultConsent).decide(runSwitch);
        decision.warnings().forEach(w -> warn(t, w));
        if (decision.level() == TelemetryLevel.OFF) {
            return off(t, "telemetry is off: " + decision.reason(), debug);
        }
        NoticeGate notice = new NoticeGate(t.config.stateDir(), t.noticeVersion);
        if (!notice.acknowledged()) {
            notice.show(t.noticeText, t.config.flag("NOLOGO"), t.stderr);
            return off(t, "the notice was shown in this run, so nothing is collected in it", debug);
        }
        Sink sink = debug ? Sink.DEBUG : t.localOnly ? Sink.LOCAL : Sink.REMOTE;
        TelemetryRun run = new TelemetryRun(t, decision.level(), decision.reason(), sink);
        run.prepare();
        return run;
    }

    static TelemetryRun inactive(Telemetry t) {
        return new TelemetryRun(t, TelemetryLevel.OFF, "no run is active", Sink.NONE);
    }

    private static TelemetryRun off(Telemetry t, String reason, boolean debug) {
        if (debug) {
            t.stderr.println(t.toolId + " telemetry (debug): nothing is collected: " + reason);
        }
        return new TelemetryRun(t, TelemetryLevel.OFF, reason, Sink.NONE);
    }

    private void prepare() {
        if (sink == Sink.REMOTE) {
            spool = new SpoolQueue(telemetry.config.stateDir().resolve("spool"), telemetry.spoolMaxBytes,
                    telemetry.spoolMaxFiles, 30L * 24 * 3600 * 1000, telemetry.clock);
            endpoint().ifPresent(url -> {
                OtlpHttpSender sender = new OtlpHttpSender(url, telemetry.ingestKey, telemetry.config.proxyFor(url), 2000, 5000);
                worker = new DeliveryWorker(spool, sender, new TraceLog(telemetry.config.stateDir(), 256 * 1024),
                        level, telemetry.clock);
                worker.start();
            });
        }
        InstallationIds ids = new InstallationIds(telemetry.config.stateDir(), telemetry.randomMachineId);
        Hasher hasher = new Hasher(ids.secret());
        HostFacts host = HostFacts.detect(telemetry.config.environment(), telemetry.config.systemProperties(), telemetry.hostRoot);
        inCi = host.inCi();
        String cwd = telemetry.config.workingDirectory().toAbsolutePath().normalize().toString();
        Scrubber scrubber = Scrubber.withLocalPaths(List.of(cwd,
                telemetry.config.systemProperties().getOrDefault("user.home", ""),
                telemetry.config.systemProperties().getOrDefault("java.io.tmpdir", "")));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(SERVICE_NAME, telemetry.toolId);
        r.put(SERVICE_VERSION, telemetry.toolVersion);
        r.put(SESSION_ID, sessionId);
        r.put(OS_TYPE, host.osType());
        r.put(OS_VERSION, host.osVersion());
        r.put(HOST_ARCH, host.hostArch());
        r.put(RUNTIME_ID, host.runtimeId());
        r.put(JAVA_VERSION, scrubber.scrub(host.javaVersion(), 64));
        r.put(CONTAINER, host.container());
        r.put(CI, host.inCi());
        r.put(CI_PROVIDER, host.ciProvider());
        r.put(OUTPUT_REDIRECTED, telemetry.outputRedirected);
        r.put(MACHINE_ID, ids.machineId());
        r.put(CWD_HASH, hasher.hash(cwd));
        r.put(SDK_NAME, "candor");
        r.put(SDK_LANGUAGE, "java");
        r.put(SDK_VERSION, Telemetry.SDK_VERSION);
        resource = r;
        factory = new EventFactory(telemetry.catalog, scrubber, hasher, telemetry.config.workingDirectory(), telemetry.clock);
    }

    /** {@code <endpoint>/v1/logs}, where {@code <TOOL>_TELEMETRY_ENDPOINT} overrides the author's endpoint. */
    private Optional<URI> endpoint() {
        String name = telemetry.envPrefix() + "TELEMETRY_ENDPOINT";
        Optional<String> override = telemetry.config.variable(name);
        URI base = telemetry.endpoint;
        if (override.isPresent()) {
            try {
                base = URI.create(override.get());
            } catch (IllegalArgumentException e) {
                base = null;
            }
            if (base == null || !Telemetry.Builder.isHttp(base) || base.getRawUserInfo() != null) {
                warn(telemetry, name + " must be an http(s) URL without credentials; events stay queued until it is fixed.");
                return Optional.empty();
            }
        }
        String s = base.toString();
        return Optional.of(URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/v1/logs"));
    }

    private static void warn(Telemetry t, String message) {
        t.stderr.println(t.toolId + ": " + message);
    }

    /** The level of this run: {@code off} when nothing is collected. */
    public TelemetryLevel level() { return level; }

    /** Which rule decided the level, in words. */
    public String reason() { return reason; }

    /** The session id; pass {@link #childEnvironment()} to child processes of the same tool. */
    public String sessionId() { return sessionId; }

    /** Environment entries that make child processes of this tool share the session id. */
    public Map<String, String> childEnvironment() {
        return Map.of(telemetry.envPrefix() + "TELEMETRY_SESSIONID", sessionId);
    }

    /** True when events of the given level are collected in this run. */
    public boolean isEnabled(TelemetryLevel required) {
        return sink != Sink.NONE && level.allows(required);
    }

    /** Records the command (level {@code all}). */
    public void command(CommandEvent command) {
        guard(() -> {
            if (isEnabled(TelemetryLevel.ALL)) {
                add(factory.command(command));
            }
        });
    }

    /** Records an unexpected error the tool handled (level {@code error}); the message is never sent. */
    public void error(Throwable error, String commandPath) {
        guard(() -> {
            if (error != null && isEnabled(TelemetryLevel.ERROR)) {
                add(factory.exception(EventCatalog.ERROR_EVENT, error, commandPath));
            }
        });
    }

    /** Records an exception that ended the command (level {@code crash}); the message is never sent. */
    public void crash(Throwable error, String commandPath) {
        guard(() -> {
            if (error != null && isEnabled(TelemetryLevel.CRASH)) {
                add(factory.exception(EventCatalog.CRASH_EVENT, error, commandPath));
            }
        });
    }

    /** Records a tool-defined event; dropped unless declared in the catalog and allowed by the level. */
    public void event(String name, Map<String, ?> properties) {
        guard(() -> {
            Optional<EventDefinition> def = telemetry.catalog.event(name);
            if (def.isPresent() && isEnabled(def.get().level()) && !name.startsWith("cli.")) {
                factory.custom(name, new LinkedHashMap<>(properties)).ifPresent(this::add);
            }
        });
    }

    private void add(RecordedEvent e) {
        if (events.size() < 1000) {
            events.add(e);
        }
    }

    /** Writes the run's events and waits, within the exit budget, for them to be sent. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        telemetry.ended(this);
        guard(() -> {
            if (sink == Sink.NONE || events.isEmpty()) {
                return;
            }
            switch (sink) {
                case DEBUG:
                    for (RecordedEvent e : events) {
                        telemetry.stderr.println(EventJson.of(e, resource));
                    }
                    telemetry.stderr.flush();
                    break;
                case LOCAL:
                    new LocalDocuments(telemetry.config.stateDir(), 500).write(resource, events, started, telemetry.clock.instant());
                    break;
                default:
                    TelemetryLevel required = TelemetryLevel.CRASH;
                    for (RecordedEvent e : events) {
                        required = e.level().compareTo(required) > 0 ? e.level() : required;
                    }
                    spool.add(OtlpJson.resourceLogs(resource, events, Telemetry.SDK_VERSION), required);
                    if (worker != null) {
                        worker.finish((inCi ? telemetry.ciExitBudget : telemetry.exitBudget).toNanos());
                    }
            }
        });
    }

    /** The background sender, for tests that wait for delivery. */
    DeliveryWorker worker() {
        return worker;
    }

    private void guard(Action action) {
        try {
            action.run();
        } catch (Throwable e) {
            // Telemetry never throws into the tool: an unwritable disk or a bug here costs only the events.
            LOG.log(Level.FINE, "telemetry step failed: {0}", e.getClass().getName());
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
