package dev.candor.telemetry;

import dev.candor.common.TrustedCertificates;
import dev.candor.telemetry.internal.CatalogJson;
import dev.candor.telemetry.internal.ConsentResolver;
import dev.candor.telemetry.internal.DeliveryWorker;
import dev.candor.telemetry.internal.EarlyStart;
import dev.candor.telemetry.internal.HostFacts;
import dev.candor.telemetry.internal.NoticeGate;
import dev.candor.telemetry.internal.OtlpHttpSender;
import dev.candor.telemetry.internal.SpoolQueue;
import dev.candor.telemetry.internal.TelemetryConfig;
import dev.candor.telemetry.internal.TraceLog;
import dev.candor.telemetry.internal.UploaderSettings;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A tool's telemetry: built once at start-up, frozen at {@code build()}, then one {@link TelemetryRun}
 * per invocation. Consent, the notice, scrubbing, the spool and delivery are handled here; the tool only
 * reports what happened.
 *
 * <pre>{@code
 * Telemetry telemetry = Telemetry.builder("forge", "1.0.0")
 *     .endpoint(URI.create("https://telemetry.example.org"))
 *     .ingestKey("forge-public-ingest-key")
 *     .privacyUrl("https://example.org/forge/privacy")
 *     .build();
 * try (TelemetryRun run = telemetry.begin(Scope.COLLECTED, RunSwitch.of(List.of(args)))) {
 *     int exit = build();
 *     run.command(CommandEvent.builder("build").exitCode(exit).build());
 * }
 * }</pre>
 * Nothing here throws into the tool at run time; mistakes in the builder fail at {@code build()}.
 */
public final class Telemetry {
    /** Version of the Candor SDK, sent as {@code telemetry.sdk.version}. */
    public static final String SDK_VERSION = dev.candor.telemetry.internal.SdkVersion.VALUE;

    final String toolId;
    final String toolVersion;
    final DefaultConsent defaultConsent;
    final URI endpoint;
    final String ingestKey;
    final int noticeVersion;
    final String noticeText;
    final String privacyUrl;
    final EventCatalog catalog;
    final Duration exitBudget;
    final Duration ciExitBudget;
    final Duration uploadDelay;
    final Path trustedCertificates;
    final boolean localOnly;
    final boolean strict;
    final boolean randomMachineId;
    final long spoolMaxBytes;
    final int spoolMaxFiles;
    final TelemetryConfig config;
    final PrintStream stderr;
    final Clock clock;
    final Path hostRoot;
    final boolean outputRedirected;
    final EarlyStart earlyStart;
    private volatile TelemetryRun current;

    private Telemetry(Builder b) {
        this.toolId = b.toolId;
        this.toolVersion = b.toolVersion;
        this.defaultConsent = b.defaultConsent;
        this.endpoint = b.endpoint;
        this.ingestKey = b.ingestKey;
        this.noticeVersion = b.noticeVersion;
        this.privacyUrl = b.privacyUrl;
        this.catalog = b.catalog;
        this.exitBudget = b.exitBudget;
        this.ciExitBudget = b.ciExitBudget == null ? b.exitBudget : b.ciExitBudget;
        this.uploadDelay = b.uploadDelay;
        this.trustedCertificates = b.trustedCertificates;
        this.localOnly = b.localOnly;
        this.strict = b.strict;
        this.randomMachineId = b.randomMachineId;
        this.spoolMaxBytes = b.spoolMaxBytes;
        this.spoolMaxFiles = b.spoolMaxFiles;
        this.config = TelemetryConfig.of(b.toolId, b.environment, b.systemProperties);
        this.stderr = b.stderr;
        this.clock = b.clock;
        this.hostRoot = b.hostRoot;
        this.outputRedirected =
                b.consoleAttached == null ? System.console() == null : !b.consoleAttached.getAsBoolean();
        this.noticeText = b.noticeText != null ? b.noticeText : Notice.defaultText(this);
        TelemetryLevel likely = likelyLevel();
        boolean mayCollect = b.arguments == null || mayCollect(b.arguments);
        // Sending from the tool's own process happens only where the run may wait for it at exit (CI, or
        // an author's exit budget), and starts early only when the command line was seen: a
        // --no-telemetry run sends nothing. Elsewhere the detached uploader sends.
        boolean inCi = !"none".equals(HostFacts.ciProviderOf(config.environment()));
        boolean deliverEarly = b.arguments != null
                && mayCollect
                && !localOnly
                && !config.flag("TELEMETRY_DEBUG")
                && !(inCi ? ciExitBudget : exitBudget).isZero();
        this.earlyStart = EarlyStart.start(
                config,
                hostRoot,
                mayCollect && likely != TelemetryLevel.OFF,
                deliverEarly
                        ? new java.util.concurrent.Callable<DeliveryWorker>() {
                            @Override
                            public DeliveryWorker call() {
                                return newWorker(likely, false);
                            }
                        }
                        : null);
    }

    /** The sender for runs at {@code level}, or null when the endpoint setting is unusable. */
    DeliveryWorker newWorker(TelemetryLevel level, boolean warn) {
        Optional<URI> url = logsEndpoint(warn);
        if (url.isEmpty()) {
            return null;
        }
        javax.net.ssl.SSLSocketFactory tls = null;
        Optional<Path> ca = trustedCertificates();
        if (ca.isPresent()) {
            try {
                tls = TrustedCertificates.withExtra(ca.get());
            } catch (java.io.IOException e) {
                if (warn) {
                    stderr.println(toolId + ": the telemetry CA file cannot be used (" + e.getMessage() + ");"
                            + " events stay queued until it is fixed.");
                }
                return null;
            }
        }
        OtlpHttpSender sender = new OtlpHttpSender(url.get(), ingestKey, config.proxyFor(url.get()), 2000, 5000, tls);
        return new DeliveryWorker(spool(), sender, new TraceLog(config.stateDir(), 256 * 1024), level, clock);
    }

    /** The extra CA certificates for the collector: {@code <TOOL>_TELEMETRY_CA_FILE}, else the author's. */
    Optional<Path> trustedCertificates() {
        Optional<String> override = config.toolVariable("TELEMETRY_CA_FILE");
        if (override.isPresent()) {
            try {
                return Optional.of(Path.of(override.get()));
            } catch (RuntimeException e) {
                return Optional.of(Path.of("unusable-" + envPrefix() + "TELEMETRY_CA_FILE"));
            }
        }
        return Optional.ofNullable(trustedCertificates);
    }

    /** What a detached uploader needs to send this tool's events at {@code level}; empty when the endpoint is unusable. */
    Optional<UploaderSettings> uploaderSettings(TelemetryLevel level) {
        Optional<URI> url = logsEndpoint(false);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> jvm = new java.util.TreeMap<>();
        for (String name : UploaderSettings.forwardedProperties()) {
            String value = config.systemProperties().get(name);
            if (value != null) {
                jvm.put(name, value);
            }
        }
        return Optional.of(new UploaderSettings(
                url.get(),
                ingestKey,
                config.proxyFor(url.get()),
                trustedCertificates(),
                level,
                spoolMaxBytes,
                spoolMaxFiles,
                uploadDelay.toMillis(),
                jvm));
    }

    SpoolQueue spool() {
        return new SpoolQueue(
                config.stateDir().resolve("spool"), spoolMaxBytes, spoolMaxFiles, 30L * 24 * 3600 * 1000, clock);
    }

    /** {@code <endpoint>/v1/logs}, where {@code <TOOL>_TELEMETRY_ENDPOINT} overrides the author's endpoint. */
    Optional<URI> logsEndpoint(boolean warn) {
        String name = envPrefix() + "TELEMETRY_ENDPOINT";
        Optional<String> override = config.variable(name);
        URI base = endpoint;
        if (override.isPresent()) {
            try {
                base = URI.create(override.get());
            } catch (IllegalArgumentException e) {
                base = null;
            }
            if (base == null || !Builder.isHttp(base) || base.getRawUserInfo() != null) {
                if (warn) {
                    stderr.println(toolId + ": " + name + " must be an http(s) URL without credentials;"
                            + " events stay queued until it is fixed.");
                }
                return Optional.empty();
            }
        }
        return Optional.of(URI.create(collectorBase(base) + "/v1/logs"));
    }

    /**
     * The collector's base URL, without a trailing '/' and without {@code /v1/logs} where one was given
     * with it ({@code http://host:4318/v1/logs} is taken as {@code http://host:4318}, as OpenTelemetry's
     * {@code OTEL_EXPORTER_OTLP_LOGS_ENDPOINT} is written): the routes are appended to it.
     */
    static String collectorBase(URI endpoint) {
        String s = endpoint.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/v1/logs")) {
            s = s.substring(0, s.length() - "/v1/logs".length());
        }
        return s;
    }

    /**
     * A first look at the command line, before the tool parses it: invocations that will not collect
     * (none of the arguments, help, version, an opt-out switch, the telemetry subcommand) skip the
     * background start-up. Only a hint; the scope is decided for real in {@link #begin}.
     */
    private static boolean mayCollect(String[] args) {
        if (args.length == 0) {
            return false;
        }
        for (String a : args) {
            if ("--".equals(a)) {
                break;
            }
            // An @argfile may hold --no-telemetry, and "telemetry" may follow global options: both are
            // only known once the tool has parsed, so such a run does not start early (it may still collect).
            if (a.equals("--help")
                    || a.equals("-h")
                    || a.equals("--version")
                    || a.equals("-V")
                    || a.equals("--no-telemetry")
                    || a.equals("--telemetry-catalog")
                    || a.equals("telemetry")
                    || a.startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The level a run will probably have (off when the notice is still due): when it is not off, the
     * slow preparation starts now, in the background.
     */
    private TelemetryLevel likelyLevel() {
        try {
            TelemetryLevel level =
                    new ConsentResolver(config, defaultConsent).decide(null).level();
            return level != TelemetryLevel.OFF && new NoticeGate(config.stateDir(), noticeVersion).acknowledged()
                    ? level
                    : TelemetryLevel.OFF;
        } catch (RuntimeException e) {
            return TelemetryLevel.OFF;
        }
    }

    /** @param toolId lower-case id ({@code forge}); {@code FORGE_} prefixes its environment variables */
    public static Builder builder(String toolId, String toolVersion) {
        return new Builder(toolId, toolVersion);
    }

    /**
     * Starts one invocation's telemetry: decides consent, shows the notice if due (and then collects
     * nothing in this run), and starts delivering what earlier runs queued. Never throws.
     *
     * @param scope     {@link Scope#NOT_COLLECTED} for the bare command, {@code --help}, {@code --version}
     *                  and the {@code telemetry} subcommand
     * @param runSwitch the one-run switch on the command line ({@link RunSwitch#of})
     * @throws NullPointerException if either argument is null
     */
    public TelemetryRun begin(Scope scope, RunSwitch runSwitch) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(runSwitch, "runSwitch");
        TelemetryRun run = TelemetryRun.begin(this, scope == Scope.COLLECTED, runSwitch.asOverride());
        current = run;
        return run;
    }

    /** {@code begin(Scope.COLLECTED, RunSwitch.NONE)}: a command that does work, with no one-run switch. */
    public TelemetryRun begin() {
        return begin(Scope.COLLECTED, RunSwitch.NONE);
    }

    /**
     * The run begun last and not yet closed, so code deep in a command can record a tool event without
     * passing the run around; a run that collects nothing when there is none.
     */
    public TelemetryRun currentRun() {
        TelemetryRun run = current;
        return run != null ? run : TelemetryRun.inactive(this);
    }

    void ended(TelemetryRun run) {
        if (current == run) {
            current = null;
        }
    }

    /** The management operations behind {@code <tool> telemetry status|enable|disable|show|export|forget}. */
    public TelemetryAdmin admin() {
        return new TelemetryAdmin(this);
    }

    /** The tool's id ({@code forge}). */
    public String toolId() {
        return toolId;
    }

    /** The tool's version, as given to {@link #builder}. */
    public String toolVersion() {
        return toolVersion;
    }

    /** The tool's catalog of events. */
    public EventCatalog catalog() {
        return catalog;
    }

    /** The notice shown before anything is collected. */
    public String noticeText() {
        return noticeText;
    }

    /** The page the notice links to. */
    public String privacyUrl() {
        return privacyUrl;
    }

    /** The author's collector endpoint (users may override it with {@code <TOOL>_TELEMETRY_ENDPOINT}). */
    public URI endpoint() {
        return endpoint;
    }

    /** The whole catalog as JSON, as {@code code --telemetry} prints VS Code's. */
    public String catalogJson() {
        return CatalogJson.of(toolId, toolVersion, noticeVersion, catalog);
    }

    /** The prefix of this tool's environment variables, such as {@code FORGE_}. */
    public String envPrefix() {
        return config.envPrefix();
    }

    /** Builder for {@link Telemetry}; every setting is checked at {@link #build()}. */
    public static final class Builder {
        private final String toolId;
        private final String toolVersion;
        private DefaultConsent defaultConsent = DefaultConsent.OPT_OUT;
        private URI endpoint;
        private String ingestKey;
        private int noticeVersion = 1;
        private String noticeText;
        private String privacyUrl;
        private EventCatalog catalog = EventCatalog.builder().build();
        private Duration exitBudget = Duration.ZERO;
        private Duration ciExitBudget;
        private Duration uploadDelay = Duration.ofSeconds(20);
        private Path trustedCertificates;
        private boolean localOnly;
        private boolean strict;
        private boolean randomMachineId;
        private long spoolMaxBytes = 1024 * 1024;
        private int spoolMaxFiles = 500;
        private Map<String, String> environment = System.getenv();
        private Map<String, String> systemProperties;
        private PrintStream stderr = System.err;
        private Clock clock = Clock.systemUTC();
        private Path hostRoot = Path.of("/");
        private BooleanSupplier consoleAttached;
        private String[] arguments;

        private Builder(String toolId, String toolVersion) {
            this.toolId = Objects.requireNonNull(toolId, "toolId");
            this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
        }

        /** Opt-out (default: on after the notice) or opt-in (off until the user enables it). */
        public Builder defaultConsent(DefaultConsent value) {
            defaultConsent = Objects.requireNonNull(value, "defaultConsent");
            return this;
        }

        /** The collector's base URL; events go to {@code <endpoint>/v1/logs}. Users may override it with {@code <TOOL>_TELEMETRY_ENDPOINT}. */
        public Builder endpoint(URI value) {
            endpoint = Objects.requireNonNull(value, "endpoint");
            return this;
        }

        /** The tool's ingestion key, sent as {@code Authorization: Bearer}; public by design, as the .NET CLI's. */
        public Builder ingestKey(String value) {
            ingestKey = Objects.requireNonNull(value, "ingestKey");
            return this;
        }

        /** Raise the version when what is collected changes: the notice is then shown again. */
        public Builder noticeVersion(int value) {
            noticeVersion = value;
            return this;
        }

        /** Replaces the generated notice text (which already says what is collected and how to opt out). */
        public Builder noticeText(String value) {
            noticeText = Objects.requireNonNull(value, "noticeText");
            return this;
        }

        /** The page the notice links to: what is collected and how to opt out. */
        public Builder privacyUrl(String value) {
            privacyUrl = Objects.requireNonNull(value, "privacyUrl");
            return this;
        }

        /** The tool's catalog of events and allow-listed options (default: the built-in events only). */
        public Builder catalog(EventCatalog value) {
            catalog = Objects.requireNonNull(value, "catalog");
            return this;
        }

        /**
         * The most a run waits at exit for its events to be sent (default zero: they go with the next run,
         * sent in the background while it works). What is not sent stays queued.
         */
        public Builder exitBudget(Duration value) {
            exitBudget = Objects.requireNonNull(value, "exitBudget");
            return this;
        }

        /** The exit budget in CI, where there may be no later run (default: the same as {@link #exitBudget}). */
        public Builder ciExitBudget(Duration value) {
            ciExitBudget = Objects.requireNonNull(value, "ciExitBudget");
            return this;
        }

        /**
         * How long the detached uploader collects runs before it sends (default 20 s, at most 30 s): the
         * runs of a busy minute then share one upload and one uploader process, whose start and TLS
         * handshake cost about half a second of CPU. Events still leave within a minute.
         */
        public Builder uploadDelay(Duration value) {
            uploadDelay = Objects.requireNonNull(value, "uploadDelay");
            return this;
        }

        /**
         * A PEM (or DER) file of CA certificates to trust for the collector, besides the JVM's own: for a
         * self-hosted collector with a private CA. Users may override it with {@code <TOOL>_TELEMETRY_CA_FILE}.
         */
        public Builder trustedCertificates(Path value) {
            trustedCertificates = Objects.requireNonNull(value, "trustedCertificates");
            return this;
        }

        /**
         * For the author's own tests: every mistake the SDK would otherwise drop with a trace (an event
         * or property the catalog does not declare, a value of the wrong type, an event after the run
         * was closed or past a run's 1,000) throws {@link IllegalArgumentException} at the call
         * ({@link IllegalStateException} after close), with a message naming it. Off by default: a
         * shipped tool's telemetry never throws.
         */
        public Builder strict(boolean value) {
            strict = value;
            return this;
        }

        /** Write events as local JSON documents only and never transmit (Xtraq's choice). */
        public Builder localOnly(boolean value) {
            localOnly = value;
            return this;
        }

        /** Use a random UUID as the machine id instead of the hashed MAC address. */
        public Builder randomMachineId(boolean value) {
            randomMachineId = value;
            return this;
        }

        /** Spool cap: total bytes (default 1 MiB) and files (default 500); the oldest are dropped first. */
        public Builder spoolCap(long maxBytes, int maxFiles) {
            spoolMaxBytes = maxBytes;
            spoolMaxFiles = maxFiles;
            return this;
        }

        /** The environment to read (default {@link System#getenv()}); tests pass their own. */
        public Builder environment(Map<String, String> value) {
            environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /** System properties to read (default a copy of {@link System#getProperties()}). */
        public Builder systemProperties(Map<String, String> value) {
            systemProperties = Objects.requireNonNull(value, "systemProperties");
            return this;
        }

        /** Where the notice and warnings go (default {@code System.err}; never stdout). */
        public Builder stderr(PrintStream value) {
            stderr = Objects.requireNonNull(value, "stderr");
            return this;
        }

        /** The clock for timestamps (default UTC system time); tests pass their own. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The file-system root used for container detection ({@code /}); tests plant fake {@code /proc} files. */
        public Builder hostRoot(Path value) {
            hostRoot = Objects.requireNonNull(value, "hostRoot");
            return this;
        }

        /**
         * The command line as given to {@code main} (optional): lets the SDK skip its background
         * start-up for invocations that will not collect, such as {@code --version}.
         */
        public Builder arguments(String... value) {
            arguments = Objects.requireNonNull(value, "arguments").clone();
            return this;
        }

        /** Whether a console is attached (default {@code System.console() != null}). */
        public Builder consoleAttached(BooleanSupplier value) {
            consoleAttached = Objects.requireNonNull(value, "consoleAttached");
            return this;
        }

        /**
         * Checks every setting and returns the tool's telemetry: the one instance of the process.
         *
         * @throws IllegalArgumentException naming a bad tool id, version, endpoint, ingest key, budget or cap
         */
        public Telemetry build() {
            if (!isToolId(toolId)) {
                throw new IllegalArgumentException("tool id must be lower-case letters, digits and '-': " + toolId);
            }
            if (!isVersion(toolVersion)) {
                throw new IllegalArgumentException("tool version must look like 1.2.3: " + toolVersion);
            }
            if (!localOnly) {
                if (endpoint == null || !isHttp(endpoint)) {
                    throw new IllegalArgumentException("endpoint must be an http(s) URL: " + endpoint);
                }
                if (ingestKey == null || !isIngestKey(ingestKey)) {
                    throw new IllegalArgumentException("ingest key must be 8 to 200 printable ASCII characters without"
                            + " spaces, ':' or ',' (the collector registers no other key)");
                }
            }
            if (noticeVersion < 1) {
                throw new IllegalArgumentException("notice version starts at 1");
            }
            if (exitBudget == null || exitBudget.isNegative() || (ciExitBudget != null && ciExitBudget.isNegative())) {
                throw new IllegalArgumentException("exit budgets must be zero or positive");
            }
            if (uploadDelay.isNegative() || uploadDelay.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException(
                        "uploadDelay must be between 0 and 30 seconds, so events leave within a minute");
            }
            if (spoolMaxBytes < 4096 || spoolMaxFiles < 1) {
                throw new IllegalArgumentException("spool cap must allow at least 4 KiB and one file");
            }
            if (systemProperties == null) {
                Map<String, String> props = new HashMap<>();
                for (String name : System.getProperties().stringPropertyNames()) {
                    props.put(name, System.getProperty(name));
                }
                systemProperties = props;
            }
            return new Telemetry(this);
        }

        // Hand-written checks: a regex costs a fresh JVM milliseconds, and this runs in every invocation.
        private static boolean isToolId(String s) {
            if (s == null || s.isEmpty() || s.length() > 40 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isVersion(String s) {
            if (s == null || s.isEmpty() || s.length() > 64 || !Character.isLetterOrDigit(s.charAt(0))) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '_' || c == '-'))) {
                    return false;
                }
            }
            return true;
        }

        /** As the collector's tool registration demands: 8-200 of {@code !} to {@code ~}, but not ':' or ','. */
        private static boolean isIngestKey(String s) {
            if (s.length() < 8 || s.length() > 200 || !isPrintableAscii(s)) {
                return false;
            }
            return s.indexOf(':') < 0 && s.indexOf(',') < 0;
        }

        private static boolean isPrintableAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) <= 32 || s.charAt(i) >= 127) {
                    return false;
                }
            }
            return true;
        }

        static boolean isHttp(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        }
    }
}
