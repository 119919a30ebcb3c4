package dev.candor.collector.server;

import dev.candor.collector.backend.Backend;
import dev.candor.collector.backup.Backup;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.config.ToolRegistration;
import dev.candor.collector.dashboard.AdminToken;
import dev.candor.collector.dashboard.Dashboard;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.enrich.ServerSecret;
import dev.candor.collector.http.Replies;
import dev.candor.collector.http.Route;
import dev.candor.collector.ingest.BatchAdmission;
import dev.candor.collector.ingest.IngestContext;
import dev.candor.collector.ingest.LocalIngest;
import dev.candor.collector.ingest.LogsHandler;
import dev.candor.collector.ingest.OtlpJsonDecoder;
import dev.candor.collector.ingest.OtlpProtobufDecoder;
import dev.candor.collector.ingest.RateLimiter;
import dev.candor.collector.kafka.KafkaSink;
import dev.candor.collector.metrics.Metrics;
import dev.candor.collector.publish.PublishedFilesHandler;
import dev.candor.collector.rights.OwnerRights;
import dev.candor.collector.store.EventSink;
import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.duckdb.DuckDbBackend;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.duckdb.StoreWriter;
import dev.candor.collector.store.journal.IngestJournal;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running collector: Jetty with non-blocking handlers in front of the ingest journal and, behind
 * it, the store writer. Start it with {@link #start(CollectorConfig)}, which first replays what a
 * crash left in the journal; {@link #close()} stops taking requests, lets the ones in flight finish,
 * commits what was acknowledged, deletes the journal's segments and closes the store.
 */
public final class CollectorServer implements AutoCloseable {
    /** The collector's version, as {@code candor --version} prints it. */
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final Backend backend;
    private final DuckDbEventStore store;
    private final StoreWriter writer;
    private final IngestJournal journal;
    private final KafkaSink kafka;
    private final CountryLookup countries;
    private final Metrics metrics;
    private final ToolRegistry tools;
    private final boolean tls;
    private final Maintenance maintenance;
    private final AdminSocket adminSocket;
    private final PublishedFilesHandler published;
    private final Dashboard dashboard;
    private final Optional<String> generatedAdminToken;

    private CollectorServer(
            Server server,
            ServerConnector connector,
            Backend backend,
            DuckDbEventStore store,
            StoreWriter writer,
            IngestJournal journal,
            KafkaSink kafka,
            CountryLookup countries,
            Metrics metrics,
            ToolRegistry tools,
            boolean tls,
            Maintenance maintenance,
            PublishedFilesHandler published,
            Dashboard dashboard,
            Optional<String> generatedAdminToken,
            AdminSocket adminSocket) {
        this.adminSocket = adminSocket;
        this.dashboard = dashboard;
        this.generatedAdminToken = generatedAdminToken;
        this.server = server;
        this.connector = connector;
        this.backend = backend;
        this.store = store;
        this.writer = writer;
        this.journal = journal;
        this.kafka = kafka;
        this.countries = countries;
        this.metrics = metrics;
        this.tools = tools;
        this.tls = tls;
        this.maintenance = maintenance;
        this.published = published;
    }

    /**
     * Opens the store, replays the journal into it, and starts listening. Configuration problems are {@link ConfigException}s; a
     * store that cannot be opened (held by another process, unreadable) is a {@link StoreException}.
     */
    public static CollectorServer start(CollectorConfig config) throws StoreException {
        // Every check that needs no write comes first: a start that fails on one leaves nothing behind
        // (no admin-token hash, server secret or store), so the next start is a first start again.
        Preflight.Passed passed = Preflight.forStart(config, java.time.Instant.now());
        ToolRegistry tools = passed.tools();
        AdminToken adminToken = passed.adminToken();
        ClientAddress clientAddress = passed.clientAddress();
        CountryLookup countries = passed.countries();
        DataDir.secure(config.dataDir()); // the first write: every check above has passed
        byte[] secret = ServerSecret.load(config.serverSecret(), config.dataDir());
        MachineIdHasher machineIds = new MachineIdHasher(secret);
        Backend backend;
        DuckDbEventStore store = null;
        IngestJournal journal = null;
        StoreWriter writer = null;
        KafkaSink kafka = null;
        if (config.sink() == CollectorConfig.SinkKind.KAFKA) {
            // Stateless: no journal, no store; a 200 means Kafka acknowledged (docs/OPERATIONS.md, "Scale-out").
            backend = Backends.forStateless(config);
            try {
                kafka = KafkaSink.start(
                        config.kafkaBootstrap(),
                        config.kafkaTopic(),
                        config.kafkaPartitions(),
                        config.kafkaTimeoutMs(),
                        config.storeQueueEvents());
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        } else {
            DuckDbBackend embedded = Backends.embedded(config);
            backend = embedded;
            store = embedded.events();
            writer = new StoreWriter(store);
            try {
                journal = IngestJournal.start(config.dataDir(), writer, config.storeQueueEvents());
            } catch (StoreException | RuntimeException e) {
                writer.close();
                throw e;
            }
        }
        EventSink sink = kafka != null ? kafka : journal;
        Metrics metrics = new Metrics();
        OtlpJsonDecoder.Limits limits =
                new OtlpJsonDecoder.Limits(config.maxRecordsPerRequest(), config.maxAttributesPerRecord());
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("candor-http");
        IngestContext ctx = new IngestContext(
                tools,
                clientAddress,
                countries,
                new RateLimiter(config.rateLimitPerKey(), 10_000),
                new RateLimiter(config.rateLimitPerNetwork(), 100_000),
                new OtlpJsonDecoder(limits),
                new OtlpProtobufDecoder(limits),
                new BatchAdmission(new EventEnricher(machineIds, config.maxStringLength())),
                machineIds,
                sink,
                metrics,
                config.maxBodyBytes(),
                threads);

        Server server = new Server(threads, null, new UnsharedBufferPool());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(config.idleTimeoutMs());
        ServerConnector connector;
        boolean tls = config.tlsKeystore().isPresent();
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.tlsKeystore().get().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(config.tlsKeystorePassword());
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // HSTS: a browser that reached the dashboard over HTTPS never tries plain HTTP for a year.
            secure.setStsMaxAge(365, java.util.concurrent.TimeUnit.DAYS);
            http.addCustomizer(secure);
            // Plain HTTP to this port is detected (it does not start with a TLS record) and answered with
            // a readable 400 by PlainHttpRefusal instead of the bytes of a failed handshake.
            HttpConnectionFactory httpFactory = new HttpConnectionFactory(http);
            connector = new ServerConnector(
                    server,
                    new DetectorConnectionFactory(new SslConnectionFactory(ssl, httpFactory.getProtocol())),
                    httpFactory);
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeoutMs());
        connector.setAcceptQueueSize(1024);
        // At shutdown, keep-alive connections with no request in flight are closed at once instead of
        // holding the graceful stop until their clients hang up.
        connector.setShutdownIdleTimeout(200);
        server.addConnector(connector);
        PublishedFilesHandler published = new PublishedFilesHandler(config.publishedDir());
        Dashboard dashboard;
        try {
            dashboard = Dashboard.create(
                    new Dashboard.Parts(
                            backend.dashboard(),
                            backend.usage(),
                            tools,
                            clientAddress,
                            published,
                            config.publishedDir(),
                            config.publishK(),
                            dev.candor.collector.publish.Period.parse(config.publishPeriod()),
                            shownSettings(config)),
                    adminToken,
                    config.dashboardTelemetry() ? Optional.of(new LocalIngest(ctx)) : Optional.empty(),
                    VERSION);
        } catch (StoreException e) {
            closeSink(journal, writer, kafka, backend);
            closeQuietly(countries);
            throw e;
        }
        KafkaSink kafkaSink = kafka; // final copies for the lambdas below
        Metrics.Source process = new dev.candor.collector.metrics.ProcessMetrics("collector", VERSION);
        Metrics.Source dashboardMetrics = dashboard.metrics();
        // The jobs start once listening; until then (and with sink kafka, always) they add nothing.
        java.util.concurrent.atomic.AtomicReference<Metrics.Source> maintenanceMetrics =
                new java.util.concurrent.atomic.AtomicReference<>(out -> {});
        IngestJournal journaled = journal;
        OwnerRights rights = new OwnerRights(
                ctx,
                heldReader(journal, backend.held(), threads),
                RateLimiter.perMinute(config.ownerRequestsPerMinute(), 100_000),
                config.retentionDays(),
                java.time.Clock.systemUTC());
        List<Route> table = new ArrayList<>(rights.routes());
        table.addAll(List.of(
                new Route(LogsHandler.ROUTE, false, new LogsHandler(ctx)),
                new Route(PublishedFilesHandler.PREFIX, true, new Handler.Wrapper(published) {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) throws Exception {
                        boolean handled = super.handle(request, response, callback);
                        metrics.request(PublishedFilesHandler.PREFIX, response.getStatus());
                        return handled;
                    }
                }),
                new Route("/healthz", false, reply(metrics, "/healthz", "text/plain; charset=utf-8", () -> "ok\n")),
                new Route(
                        "/readyz",
                        false,
                        readiness(metrics, () -> kafkaSink != null ? kafkaSink.notReady() : journaled.notReady()))));
        // What an operator reads: on the admin listener alone when admin-port is set.
        List<Route> admin = new ArrayList<>(List.of(new Route(
                "/metrics",
                false,
                reply(
                        metrics,
                        "/metrics",
                        "text/plain; version=0.0.4; charset=utf-8",
                        () -> metrics.render(
                                kafkaSink != null ? kafkaSink : journaled,
                                process,
                                dashboardMetrics,
                                maintenanceMetrics.get())))));
        admin.addAll(dashboard.routes());
        Routes routes = new Routes(table, admin, List.of(dashboard), metrics);
        ServerConnector adminConnector = null;
        if (config.adminPort().isPresent()) {
            // Plain HTTP, for loopback or a private network (docs/OPERATIONS.md, "The admin listener").
            adminConnector = new ServerConnector(server, new HttpConnectionFactory(http));
            adminConnector.setHost(config.adminHost());
            adminConnector.setPort(config.adminPort().getAsInt());
            adminConnector.setIdleTimeout(config.idleTimeoutMs());
            adminConnector.setShutdownIdleTimeout(200);
            server.addConnector(adminConnector);
            routes.adminListener(adminConnector);
        }
        Handler guarded = new SlowBodyGuard(routes, config.minRequestDataRate());
        server.setHandler(new GracefulHandler(tls ? new PlainHttpRefusal(guarded, connector) : guarded));
        // Jetty's own error pages (malformed HTTP, oversized headers) echo the URI and a reason;
        // ours say only the status, so nothing a client sent comes back or reaches a log.
        server.setErrorHandler((request, response, callback) -> {
            int status = response.getStatus();
            Replies.text(response, callback, status, status + " " + HttpStatus.getMessage(status) + "\n");
            return true;
        });
        server.setStopTimeout(15_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop(); // the handlers (the dashboard's threads among them) may have started before the
                // connector failed
            } catch (Exception ignored) {
                // the start failed; this is only the cleanup
            }
            closeSink(journal, writer, kafka, backend);
            closeQuietly(countries);
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (rootCause(e) instanceof java.net.BindException) {
                throw new ConfigException("port: " + config.port() + " on " + config.host() + " cannot be bound (" + why
                        + "); another process may hold it");
            }
            if (tls) {
                throw new ConfigException("cannot start HTTPS on " + config.host() + ":" + config.port() + " (" + why
                        + "); check tls-keystore and tls-keystore-password");
            }
            throw new ConfigException("cannot listen on " + config.host() + ":" + config.port() + " (" + why + ")");
        }
        try {
            adminToken.persist(); // only now: a start that failed before this wrote no hash of a token never shown
        } catch (ConfigException e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start is being undone; this is only the cleanup
            }
            closeSink(journal, writer, kafka, backend);
            closeQuietly(countries);
            throw e;
        }
        String url = (tls ? "https" : "http") + "://" + config.host() + ":" + connector.getLocalPort();
        List<String> toolIds = tools.tools().stream().map(ToolRegistry.Tool::id).toList();
        Maintenance maintenance = null;
        AdminSocket adminSocket = null;
        if (kafka != null) {
            // Retention, compaction and publishing run against ClickHouse, from the operator CLI (docs/OPERATIONS.md).
            LOG.info("collector listening url={} sink=kafka topic={} tools={}", url, config.kafkaTopic(), toolIds);
        } else {
            maintenance = new Maintenance(
                    journal,
                    backend,
                    tools,
                    Clock.systemUTC(),
                    config.retentionDays(),
                    config.autoPublish(),
                    config.autoPublishDelayDays(),
                    config.publishK(),
                    dev.candor.collector.publish.Period.parse(config.publishPeriod()),
                    config.publishedDir());
            maintenance.start();
            maintenanceMetrics.set(maintenance);
            adminSocket = startAdminSocket(config.dataDir(), journal, store);
            LOG.info(
                    "collector listening url={} data_dir={} tools={} stored_events={}",
                    url,
                    config.dataDir(),
                    toolIds,
                    store.count());
        }
        CollectorServer started = new CollectorServer(
                server,
                connector,
                backend,
                store,
                writer,
                journal,
                kafka,
                countries,
                metrics,
                tools,
                tls,
                maintenance,
                published,
                dashboard,
                adminToken.generated(),
                adminSocket);
        started.adminConnector = adminConnector;
        started.adminHost = config.adminHost();
        return started;
    }

    private ServerConnector adminConnector;
    private String adminHost;

    /**
     * {@code http://ADMIN-HOST:PORT} of the admin listener (/metrics and the dashboard), when {@code
     * admin-port} is set; 127.0.0.1 for a listener on every interface.
     */
    public Optional<URI> adminUri() {
        if (adminConnector == null) {
            return Optional.empty();
        }
        String host = adminHost.equals("0.0.0.0") || adminHost.equals("::") ? "127.0.0.1" : adminHost;
        return Optional.of(URI.create(
                "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + adminConnector.getLocalPort()));
    }

    /**
     * {@code <data-dir>/admin.sock}, for {@code candor backup} while the collector runs: the store is
     * copied on the writer's thread, after every batch acknowledged before the request, so the copy is
     * consistent and ingest only waits for the copy itself. A socket that cannot be made is logged; the
     * collector runs without it (backups then need it stopped).
     */
    private static AdminSocket startAdminSocket(Path dataDir, IngestJournal journal, DuckDbEventStore store) {
        try {
            return AdminSocket.start(dataDir, request -> {
                if (!request.startsWith("backup /")) {
                    return "error unknown request (this collector answers: backup /absolute/folder)";
                }
                Path out = Path.of(request.substring("backup ".length()));
                try {
                    Backup.Result r = Backup.write(dataDir, out, target -> snapshot(journal, store, target), VERSION);
                    LOG.info(
                            "backup written events={} files={} folder={}",
                            r.events(),
                            r.files().size(),
                            r.folder());
                    return "ok " + r.summary();
                } catch (ConfigException | StoreException e) {
                    LOG.error("backup failed: {}", e.getMessage());
                    return "error " + e.getMessage();
                }
            });
        } catch (java.io.IOException | UnsupportedOperationException e) {
            LOG.warn(
                    "no admin socket in {} ({}): candor backup needs the collector stopped",
                    dataDir,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** Copies the store on the writer's thread, after every batch acknowledged before this call. */
    private static void snapshot(IngestJournal journal, DuckDbEventStore store, Path target) throws StoreException {
        try {
            journal.run(s -> {
                        store.snapshotTo(target);
                        return null;
                    })
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while copying the store", e);
        } catch (dev.candor.collector.store.Overloaded e) {
            throw new StoreException("the collector is closing", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof StoreException se
                    ? se
                    : new StoreException(
                            "could not copy the store: "
                                    + e.getCause().getClass().getSimpleName(),
                            e);
        }
    }

    /** The sink first (it commits what it acknowledged), then the store. */
    /**
     * How access requests read: on the embedded store, after every batch the journal took before the
     * request (so a user sees what was acknowledged to them); behind Kafka, ClickHouse as it stands.
     */
    private static OwnerRights.Reader heldReader(
            IngestJournal journal, HeldData.Source source, java.util.concurrent.Executor readers) {
        return (tool, machineId, max) -> {
            CompletableFuture<?> before =
                    journal == null ? CompletableFuture.completedFuture(null) : journal.run(store -> null);
            return before.thenApplyAsync(
                    ignored -> {
                        try {
                            return source.held(tool, machineId, max);
                        } catch (StoreException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    },
                    readers);
        };
    }

    private static void closeSink(IngestJournal journal, StoreWriter writer, KafkaSink kafka, Backend backend) {
        if (kafka != null) {
            kafka.close();
        } else {
            journal.close();
            writer.close();
        }
        backend.close();
    }

    /**
     * {@code /readyz}: 200 {@code ready} when this collector should get traffic, else 503 with the reason
     * (no client data in it). {@code /healthz} stays 200 while the process lives: a load balancer stops
     * sending on the first, a supervisor restarts on the second.
     */
    private static Handler readiness(Metrics metrics, java.util.function.Supplier<Optional<String>> notReady) {
        return new Handler.Abstract() { // blocking: asking Kafka may take up to 2.5 s
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Optional<String> why = notReady.get();
                int status = why.isPresent() ? 503 : 200;
                metrics.request("/readyz", status);
                Replies.send(
                        response,
                        callback,
                        status,
                        "text/plain; charset=utf-8",
                        (why.map(w -> "not ready: " + w).orElse("ready") + "\n")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return true;
            }
        };
    }

    /** A route that always answers 200 with {@code body}, counted in the metrics. */
    private static Handler reply(
            Metrics metrics, String route, String contentType, java.util.function.Supplier<String> body) {
        return new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                metrics.request(route, 200);
                Replies.send(
                        response,
                        callback,
                        200,
                        contentType,
                        body.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return true;
            }
        };
    }

    /** The configured tools; none may take the id the dashboard's own usage is recorded under. */
    static List<ToolRegistration> configuredTools(CollectorConfig config) {
        for (ToolRegistration t : config.tools()) {
            if (t.id().equals(Dashboard.TELEMETRY_TOOL)) {
                throw new ConfigException(
                        "tools: the id " + Dashboard.TELEMETRY_TOOL + " is reserved for the dashboard's own usage");
            }
        }
        return new ArrayList<>(config.tools());
    }

    /**
     * The configured tools and, when the dashboard records its own usage, the tool {@value
     * Dashboard#TELEMETRY_TOOL} with a key that never leaves this process.
     */
    static List<ToolRegistration> withDashboard(CollectorConfig config) {
        List<ToolRegistration> out = configuredTools(config);
        if (config.dashboardTelemetry()) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            out.add(new ToolRegistration(
                    Dashboard.TELEMETRY_TOOL, HexFormat.of().formatHex(key), Optional.of(Dashboard.TELEMETRY_CATALOG)));
        }
        return out;
    }

    /** The settings the dashboard's Settings page shows: none that is a secret, a key or a path. */
    private static Map<String, String> shownSettings(CollectorConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : new Setting[] {
            Setting.HOST,
            Setting.PORT,
            Setting.RETENTION_DAYS,
            Setting.PUBLISH_K,
            Setting.AUTO_PUBLISH,
            Setting.AUTO_PUBLISH_DELAY_DAYS,
            Setting.RATE_LIMIT_PER_KEY,
            Setting.RATE_LIMIT_PER_NETWORK,
            Setting.MAX_BODY_BYTES,
            Setting.MAX_RECORDS_PER_REQUEST,
            Setting.STORE_QUEUE_EVENTS,
            Setting.IDLE_TIMEOUT_MS,
            Setting.DASHBOARD_ENABLE_TELEMETRY
        }) {
            out.put(s.key(), config.value(s));
        }
        out.put("tls", config.tlsKeystore().isPresent() ? "on" : "off");
        out.put("version", VERSION);
        return out;
    }

    private static void closeQuietly(CountryLookup countries) {
        try {
            countries.close();
        } catch (java.io.IOException ignored) {
            // a read-only database file: nothing to save
        }
    }

    /** Jetty's buffers: never shared between connections ({@link UnsharedBufferPool}). */
    org.eclipse.jetty.io.ByteBufferPool bufferPool() {
        return server.getByteBufferPool();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}: the base URL a client on this machine uses. */
    public URI baseUri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port());
    }

    /** The store this collector reads: the embedded one, ClickHouse, or {@link Backend#NONE}. */
    public Backend backend() {
        return backend;
    }

    /** The embedded store; null when the sink is Kafka. */
    public DuckDbEventStore store() {
        return store;
    }

    /**
     * Where ingest and erasure go: {@link IngestJournal#run} orders a task after every acknowledged batch.
     * Null when the sink is Kafka.
     */
    public IngestJournal journal() {
        return journal;
    }

    public Metrics metrics() {
        return metrics;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The registered tools, with their keys and catalogs. */
    public ToolRegistry tools() {
        return tools;
    }

    /**
     * Loads the tools, keys and catalogs of {@code fresh} (the configuration read again: SIGHUP) and
     * puts them in use at once; the dashboard's own tool keeps its key. Every other setting takes effect
     * at the next start. A configuration that does not load changes nothing.
     *
     * @return what changed, in words
     * @throws ConfigException naming what did not load
     */
    public List<String> reloadTools(CollectorConfig fresh) {
        List<ToolRegistration> registrations = configuredTools(fresh);
        tools.byId(Dashboard.TELEMETRY_TOOL)
                .ifPresent(d -> registrations.add(new ToolRegistration(
                        d.id(),
                        new String(d.key(), java.nio.charset.StandardCharsets.UTF_8),
                        Optional.of(Dashboard.TELEMETRY_CATALOG))));
        List<String> changes = tools.reload(registrations);
        LOG.info("tools reloaded: {}", changes.isEmpty() ? "nothing changed" : String.join("; ", changes));
        return changes;
    }

    /** The collector's own jobs (retention, compaction, auto-publish); null with sink kafka. */
    Maintenance maintenance() {
        return maintenance;
    }

    public CountryLookup countries() {
        return countries;
    }

    /** The published files, as {@code GET /data/} lists them. */
    public PublishedFilesHandler published() {
        return published;
    }

    /** The operators' dashboard at {@code /}. */
    public Dashboard dashboard() {
        return dashboard;
    }

    /**
     * The admin token this start generated, to be printed once; empty when one was configured or
     * generated by an earlier start (only its hash is kept).
     */
    public Optional<String> generatedAdminToken() {
        return generatedAdminToken;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        if (adminSocket != null) {
            adminSocket.close();
        }
        if (maintenance != null) {
            maintenance.close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.getClass().getSimpleName());
        }
        closeSink(journal, writer, kafka, backend);
        closeQuietly(countries);
        if (kafka != null) {
            LOG.info(
                    "collector stopped; {} events were not acknowledged by Kafka (their clients got 503)",
                    kafka.pendingEvents());
        } else if (journal.segments() == 0) {
            LOG.info("collector stopped; every acknowledged event is committed");
        } else {
            LOG.warn(
                    "collector stopped; {} journal segments hold events not yet committed, replayed at the next start",
                    journal.segments());
        }
    }
}
