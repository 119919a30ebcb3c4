package dev.candor.telemetry;

import static dev.candor.common.AttributeNames.*;

import dev.candor.common.Scrubber;
import dev.candor.telemetry.internal.ConsentResolver;
import dev.candor.telemetry.internal.DeliveryWorker;
import dev.candor.telemetry.internal.EarlyStart;
import dev.candor.telemetry.internal.EventFactory;
import dev.candor.telemetry.internal.EventJson;
import dev.candor.telemetry.internal.Hasher;
import dev.candor.telemetry.internal.HostFacts;
import dev.candor.telemetry.internal.InstallationIds;
import dev.candor.telemetry.internal.LocalDocuments;
import dev.candor.telemetry.internal.Log;
import dev.candor.telemetry.internal.NoticeGate;
import dev.candor.telemetry.internal.OtlpJson;
import dev.candor.telemetry.internal.RecordedEvent;
import dev.candor.telemetry.internal.SpoolQueue;
import dev.candor.telemetry.internal.UploaderSettings;
import dev.candor.telemetry.internal.UploaderStart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry of one invocation. Record what happened, then close it (try-with-resources): closing
 * writes the run's events to the spool (or the debug output, or local documents). A detached uploader
 * process sends them (started while the tool works when none is running, see {@link UploaderStart});
 * in CI, or with an exit budget, the run first waits within that budget for them to be sent from its own
 * process. No method throws into the tool; when telemetry is off every method does nothing.
 */
public final class TelemetryRun implements AutoCloseable {
    /** How long close() waits for the background preparation: only reached on a starved machine. */
    private static final long PREPARE_TIMEOUT_MILLIS = 2000;
    /** How long close() waits for an uploader start already under way, rather than starting another. */
    private static final long UPLOADER_START_TIMEOUT_MILLIS = 200;

    private enum Sink {
        NONE,
        DEBUG,
        LOCAL,
        REMOTE
    }

    private final Telemetry telemetry;
    private final TelemetryLevel level;
    private final String reason;
    private final Sink sink;
    private final String sessionId;
    private final Instant started;
    private final List<Reported> reported = new ArrayList<>();

    /** What the tool reported during the run, stamped when it did; close() builds the events from these. */
    private interface Reported {
        String eventName();

        Instant at();
    }

    private record ReportedCommand(CommandEvent command, Instant at) implements Reported {
        @Override
        public String eventName() {
            return EventCatalog.COMMAND_EVENT;
        }
    }

    /** An error the tool handled ({@code cli.error}) or a crash ({@code cli.crash}). */
    private record ReportedFailure(String eventName, Throwable error, String commandPath, Instant at)
            implements Reported {}

    private record ReportedCustom(String eventName, Map<String, Object> properties, Instant at) implements Reported {}

    private final CountDownLatch prepared = new CountDownLatch(1);
    private final CountDownLatch uploaderChecked = new CountDownLatch(1);
    /** The marker an uploader started during this run waits on; deleted once the run's events are queued. */
    private volatile String runMarker;
    // Written by the background thread before prepared.countDown(), read after await(): safely published.
    private EventFactory factory;
    private Map<String, Object> resource = Map.of();
    private boolean inCi;
    private SpoolQueue spool;
    private volatile DeliveryWorker worker;
    private boolean closed;
    private volatile boolean closedWithoutEvents;
    private boolean adoptedEarlyWorker;

    private TelemetryRun(Telemetry telemetry, TelemetryLevel level, String reason, Sink sink) {
        this.telemetry = telemetry;
        this.level = level;
        this.reason = reason;
        this.sink = sink;
        this.started = telemetry.clock.instant();
        Optional<String> inherited = telemetry.config.toolVariable("TELEMETRY_SESSIONID");
        this.sessionId = inherited.isPresent() && isUuid(inherited.get())
                ? inherited.get().toLowerCase(java.util.Locale.ROOT)
                : RecordedEvent.newUuid();
    }

    static TelemetryRun begin(Telemetry t, boolean collects, Boolean runSwitch) {
        try {
            return open(t, collects, runSwitch);
        } catch (Throwable e) {
            Log.fine("telemetry disabled for this run", e);
            return new TelemetryRun(t, TelemetryLevel.OFF, "telemetry failed to start", Sink.NONE);
        }
    }

    private static TelemetryRun open(Telemetry t, boolean collects, Boolean runSwitch) {
        boolean debug = t.config.flag("TELEMETRY_DEBUG");
        if (!collects) {
            return off(t, "this invocation collects nothing (bare command, --help, --version)", debug);
        }
        ConsentResolver.ConsentDecision decision = new ConsentResolver(t.config, t.defaultConsent).decide(runSwitch);
        for (String warning : decision.warnings()) {
            warn(t, warning);
        }
        if (decision.level() == TelemetryLevel.OFF) {
            if (!Boolean.FALSE.equals(runSwitch)) {
                discardQueued(t);
            }
            return off(t, "telemetry is off: " + decision.reason(), debug);
        }
        NoticeGate notice = new NoticeGate(t.config.stateDir(), t.noticeVersion);
        if (!notice.acknowledged()) {
            notice.show(t.noticeText, t.config.flag("NOLOGO"), t.stderr);
            return off(t, "the notice was shown in this run, so nothing is collected in it", debug);
        }
        Sink sink = debug ? Sink.DEBUG : t.localOnly ? Sink.LOCAL : Sink.REMOTE;
        TelemetryRun run = new TelemetryRun(t, decision.level(), decision.reason(), sink);
        run.startBackground();
        return run;
    }

    /**
     * An opt-out (not the one-run {@code --no-telemetry}) also covers what earlier runs queued: it is
     * deleted, with the uploader's settings, so a running uploader stops before its next request.
     */
    private static void discardQueued(Telemetry t) {
        try {
            java.nio.file.Path spoolDir = t.config.stateDir().resolve("spool");
            if (java.nio.file.Files.isDirectory(spoolDir)) {
                t.spool().clear();
            }
        } catch (java.io.IOException | RuntimeException e) {
            Log.fine("queued events could not be deleted at opt-out", e);
        }
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

    /**
     * Everything slow to start in a fresh JVM (host facts, the MAC address, hashing, the scrubber's
     * patterns, HTTP classes) happens on one daemon thread while the tool works; the same thread then
     * delivers what is queued. The tool's thread only waits for it at close, if at all.
     */
    private void startBackground() {
        if (sink == Sink.REMOTE) {
            spool = telemetry.spool();
        }
        Thread thread = new Thread(
                new Runnable() {
                    @Override
                    public void run() {
                        background();
                    }
                },
                "candor-telemetry");
        thread.setDaemon(true);
        thread.start();
    }

    private void background() {
        try {
            prepare();
        } catch (Throwable e) {
            Log.fine("telemetry preparation failed", e);
        } finally {
            prepared.countDown();
        }
        try {
            if (sink == Sink.REMOTE && worker == null && factory != null && !closedWithoutEvents) {
                boolean ended;
                synchronized (this) {
                    ended = closed;
                }
                startUploaderIfNone(ended ? null : UploaderStart.newRunMarker());
            }
        } catch (Throwable e) {
            Log.fine("the uploader did not start", e);
        } finally {
            uploaderChecked.countDown();
        }
        DeliveryWorker w = worker;
        if (w != null) {
            if (closedWithoutEvents) {
                w.stopWhenIdle();
            }
            if (!adoptedEarlyWorker) {
                w.runInline();
            }
        }
    }

    private void prepare() throws Exception {
        EarlyStart.Result early = telemetry.earlyStart.get();
        DeliveryWorker earlyWorker = telemetry.earlyStart.claimWorker();
        InstallationIds ids = new InstallationIds(telemetry.config.stateDir(), telemetry.randomMachineId);
        HostFacts host = early.host();
        inCi = host.inCi();
        if (sink == Sink.REMOTE && budgetNanos() == 0) {
            if (earlyWorker != null) {
                earlyWorker.stopWhenIdle();
            }
            telemetry.logsEndpoint(true); // a bad endpoint override is said once, here
        } else if (sink == Sink.REMOTE) {
            if (earlyWorker != null && earlyWorker.level() == level && earlyWorker.keepRunning()) {
                adoptedEarlyWorker = true;
                worker = earlyWorker;
            } else {
                if (earlyWorker != null) {
                    earlyWorker.stopWhenIdle();
                }
                worker = telemetry.newWorker(level, true);
            }
        } else if (earlyWorker != null) {
            earlyWorker.stopWhenIdle();
        }
        Hasher hasher = new Hasher(ids.secret());
        String cwd = early.workingDirectory();
        Scrubber scrubber = early.scrubber();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(SERVICE_NAME, telemetry.toolId);
        r.put(SERVICE_VERSION, telemetry.toolVersion);
        r.put(SESSION_ID, sessionId);
        r.put(OS_TYPE, host.osType());
        r.put(OS_VERSION, host.osVersion());
        r.put(HOST_ARCH, host.hostArch());
        r.put(RUNTIME_ID, host.runtimeId());
        r.put(JAVA_VERSION, host.javaVersion());
        r.put(CONTAINER, host.container());
        r.put(CI, host.inCi());
        r.put(CI_PROVIDER, host.ciProvider());
        r.put(OUTPUT_REDIRECTED, telemetry.outputRedirected);
        r.put(MACHINE_ID, ids.machineId());
        r.put(OWNER_KEY, ids.ownerKeys().publicKey());
        r.put(CWD_HASH, hasher.hash(cwd));
        r.put(SDK_NAME, "candor");
        r.put(SDK_LANGUAGE, "java");
        r.put(SDK_VERSION, Telemetry.SDK_VERSION);
        EventFactory f = new EventFactory(telemetry.catalog, scrubber, hasher, telemetry.config.workingDirectory());
        if (spool != null) {
            spool.makeRoom();
        }
        resource = r;
        factory = f;
    }

    /** What this run may wait at exit for its events to be sent from its own process (zero: it does not). */
    private long budgetNanos() {
        return (inCi ? telemetry.ciExitBudget : telemetry.exitBudget).toNanos();
    }

    /**
     * Starts the detached uploader unless one is running or starting; true when one is.
     *
     * @param marker a new run marker while the run still works (see {@link UploaderStart#start}), else null
     */
    private boolean startUploaderIfNone(String marker) {
        if (UploaderStart.runningOrStarting(spool)) {
            return true;
        }
        if (UploaderStart.backingOff(spool, telemetry.clock)) {
            return false; // the collector failed lately: a later run tries again after the backoff
        }
        Optional<UploaderSettings> settings = telemetry.uploaderSettings(level);
        if (settings.isEmpty()) {
            return false;
        }
        runMarker = marker;
        return UploaderStart.start(
                settings.get(),
                telemetry.config.stateDir(),
                telemetry.config.systemProperties().getOrDefault("java.home", System.getProperty("java.home")),
                telemetry.config.systemProperties().getOrDefault("os.name", ""),
                marker);
    }

    private static void warn(Telemetry t, String message) {
        t.stderr.println(t.toolId + ": " + message);
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The level of this run: {@code off} when nothing is collected. */
    public TelemetryLevel level() {
        return level;
    }

    /** Which rule decided the level, in words. */
    public String reason() {
        return reason;
    }

    /** The session id; pass {@link #childEnvironment()} to child processes of the same tool. */
    public String sessionId() {
        return sessionId;
    }

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
        if (command == null) {
            dropped("a command event", "it is null");
            return;
        }
        if (command.exitCode().isEmpty()) {
            noted("command '" + command.path() + "' has no exit code (call CommandEvent.Builder.exitCode): it is"
                    + " sent without one");
        }
        if (isEnabled(TelemetryLevel.ALL)) {
            report(new ReportedCommand(command, telemetry.clock.instant()));
        }
    }

    /** Records an unexpected error the tool handled (level {@code error}); the message is never sent. */
    public void error(Throwable error, String commandPath) {
        if (error == null) {
            dropped("a cli.error event", "its Throwable is null");
        } else if (isEnabled(TelemetryLevel.ERROR)) {
            report(new ReportedFailure(EventCatalog.ERROR_EVENT, error, commandPath, telemetry.clock.instant()));
        }
    }

    /** Records an exception that ended the command (level {@code crash}); the message is never sent. */
    public void crash(Throwable error, String commandPath) {
        if (error == null) {
            dropped("a cli.crash event", "its Throwable is null");
        } else if (isEnabled(TelemetryLevel.CRASH)) {
            report(new ReportedFailure(EventCatalog.CRASH_EVENT, error, commandPath, telemetry.clock.instant()));
        }
    }

    /**
     * Records a tool-defined event with typed properties ({@link PropertyKey}), when the level allows
     * it; otherwise as {@link #event(String, Map)}.
     */
    public void event(String name, EventProperties properties) {
        event(name, properties == null ? null : properties.asMap());
    }

    /**
     * Records a tool-defined event when the level allows it. An event the catalog does not declare, and a
     * property it does not declare or of another type, are dropped with a trace ({@link #dropped}).
     */
    public void event(String name, Map<String, ?> properties) {
        try {
            Optional<EventDefinition> def = name == null ? Optional.empty() : telemetry.catalog.event(name);
            if (def.isEmpty() || name.startsWith("cli.")) {
                dropped(
                        "event '" + name + "'",
                        def.isEmpty()
                                ? "the catalog does not declare it"
                                : "cli.* events are recorded by the SDK itself (command(), error(), crash())");
                return;
            }
            if (properties == null) {
                dropped("event '" + name + "'", "its properties are null (give an empty map)");
                return;
            }
            for (Map.Entry<String, ?> p : properties.entrySet()) {
                PropertyDefinition declared = def.get().properties().get(p.getKey());
                String what = "property '" + p.getKey() + "' of event '" + name + "'";
                if (declared == null) {
                    dropped(what, "the catalog does not declare it");
                } else if (p.getValue() == null || !EventFactory.accepts(declared.type(), p.getValue())) {
                    dropped(
                            what,
                            "its value is "
                                    + (p.getValue() == null
                                            ? "null"
                                            : "a " + p.getValue().getClass().getSimpleName())
                                    + ", and the catalog declares "
                                    + declared.type().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            if (isEnabled(def.get().level())) {
                report(new ReportedCustom(
                        name, new LinkedHashMap<String, Object>(properties), telemetry.clock.instant()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (telemetry.strict) {
                throw e;
            }
            Log.fine("tool event not recorded", e);
        } catch (RuntimeException e) {
            Log.fine("tool event not recorded", e);
        }
    }

    /**
     * What the SDK drops because of a mistake in the tool, named: on stderr with
     * {@code <TOOL>_TELEMETRY_DEBUG=1}, in the SDK's fine log always, and as an exception with
     * {@link Telemetry.Builder#strict} (for the author's own tests). Names only, never a value.
     */
    private void dropped(String what, String why) {
        String message = telemetry.toolId + " telemetry: dropped " + what + ": " + why;
        if (telemetry.strict) {
            throw closed ? new IllegalStateException(message) : new IllegalArgumentException(message);
        }
        if (telemetry.config.flag("TELEMETRY_DEBUG")) {
            telemetry.stderr.println(message);
        }
        Log.fine(message);
    }

    /** A mistake in the tool that costs part of an event, not all of it: named as {@link #dropped} is. */
    private void noted(String message) {
        String line = telemetry.toolId + " telemetry: " + message;
        if (telemetry.strict) {
            throw new IllegalArgumentException(line);
        }
        if (telemetry.config.flag("TELEMETRY_DEBUG")) {
            telemetry.stderr.println(line);
        }
        Log.fine(line);
    }

    private static final int MAX_EVENTS = 1000;

    /** Keeps what the tool reported for close() to build into events; at most {@value #MAX_EVENTS} a run. */
    private synchronized void report(Reported what) {
        if (closed) {
            dropped("event '" + what.eventName() + "'", "it was recorded after the run was closed");
        } else if (reported.size() >= MAX_EVENTS) {
            dropped("event '" + what.eventName() + "'", "a run records at most " + MAX_EVENTS + " events");
        } else {
            reported.add(what);
        }
    }

    /**
     * Writes the run's events and waits, within the exit budget, for them to be sent. Events are built
     * here, once the background preparation is done, so that scrubbing and hashing never run on a
     * half-initialised state. Never throws.
     */
    @Override
    public void close() {
        List<Reported> work;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            work = new ArrayList<>(reported);
        }
        telemetry.ended(this);
        try {
            if (sink == Sink.NONE) {
                return;
            }
            if (work.isEmpty() || !prepared.await(PREPARE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || factory == null) {
                // The worker may not exist yet: the flag tells it to stop once it has sent older events.
                closedWithoutEvents = true;
                return;
            }
            List<RecordedEvent> events = build(work);
            if (!events.isEmpty()) {
                write(events);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // Telemetry never throws into the tool: an unwritable disk or a bug here costs only the events.
            Log.fine("telemetry could not write this run's events", e);
        } finally {
            releaseUploader();
            stopWorker();
        }
    }

    /** Lets an uploader started during this run go on: this run has queued all it will. */
    private void releaseUploader() {
        String marker = runMarker;
        if (marker != null) {
            runMarker = null;
            try {
                java.nio.file.Files.deleteIfExists(spool.dir().resolve(marker));
            } catch (java.io.IOException | RuntimeException e) {
                // The uploader also goes on when this process ends.
            }
        }
    }

    private List<RecordedEvent> build(List<Reported> work) {
        List<RecordedEvent> events = new ArrayList<>(work.size());
        for (Reported w : work) {
            if (w instanceof ReportedCommand c) {
                events.add(factory.command(c.command(), c.at()));
            } else if (w instanceof ReportedFailure f) {
                events.add(factory.exception(f.eventName(), f.error(), f.commandPath(), f.at()));
            } else if (w instanceof ReportedCustom t) {
                Optional<RecordedEvent> e = factory.custom(t.eventName(), t.properties(), t.at());
                if (e.isPresent()) {
                    events.add(e.get());
                }
            }
        }
        return events;
    }

    private void write(List<RecordedEvent> events) throws java.io.IOException, InterruptedException {
        switch (sink) {
            case DEBUG:
                for (RecordedEvent e : events) {
                    telemetry.stderr.println(EventJson.of(e, resource));
                }
                telemetry.stderr.flush();
                break;
            case LOCAL:
                new LocalDocuments(telemetry.config.stateDir(), 500)
                        .write(resource, events, started, telemetry.clock.instant());
                break;
            default:
                TelemetryLevel required = TelemetryLevel.CRASH;
                for (RecordedEvent e : events) {
                    required = e.level().compareTo(required) > 0 ? e.level() : required;
                }
                spool.add(OtlpJson.resourceLogs(resource, events, Telemetry.SDK_VERSION), required);
                if (worker != null) {
                    if (!worker.finish(budgetNanos())) {
                        startUploaderIfNone(null);
                    }
                } else if (uploaderChecked.await(UPLOADER_START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    releaseUploader();
                    // An uploader seen at the start may have ended since, before this run's file was there.
                    startUploaderIfNone(null);
                }
        }
    }

    /**
     * The sender finishes what is queued and then ends, releasing the spool's sender lock: in a host
     * that lives on after the run (a daemon, a test), the next run must be able to send.
     */
    private void stopWorker() {
        DeliveryWorker w = worker;
        if (w != null) {
            w.stopWhenIdle();
        }
    }

    /** The background sender, for tests that wait for delivery. */
    DeliveryWorker worker() {
        return worker;
    }
}
