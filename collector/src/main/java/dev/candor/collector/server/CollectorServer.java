package dev.candor.collector.server;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.enrich.ServerSecret;
import dev.candor.collector.ingest.BatchAdmission;
import dev.candor.collector.ingest.ForgetHandler;
import dev.candor.collector.ingest.IngestContext;
import dev.candor.collector.ingest.LogsHandler;
import dev.candor.collector.ingest.OtlpJsonDecoder;
import dev.candor.collector.ingest.OtlpProtobufDecoder;
import dev.candor.collector.ingest.RateLimiter;
import dev.candor.collector.publish.PublishedFilesHandler;
import dev.candor.collector.store.DuckDbEventStore;
import dev.candor.collector.store.IngestJournal;
import dev.candor.collector.store.JournalReplay;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.StoreWriter;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final DuckDbEventStore store;
    private final StoreWriter writer;
    private final IngestJournal journal;
    private final CountryLookup countries;
    private final Metrics metrics;
    private final ToolRegistry tools;
    private final boolean tls;
    private final Maintenance maintenance;
    private final PublishedFilesHandler published;

    private CollectorServer(Server server, ServerConnector connector, DuckDbEventStore store, StoreWriter writer,
            IngestJournal journal, CountryLookup countries, Metrics metrics, ToolRegistry tools, boolean tls,
            Maintenance maintenance, PublishedFilesHandler published) {
        this.server = server;
        this.connector = connector;
        this.store = store;
        this.writer = writer;
        this.journal = journal;
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
        ToolRegistry tools = ToolRegistry.load(config.tools());
        ClientAddress clientAddress;
        try {
            clientAddress = ClientAddress.trusting(config.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("trusted-proxies: " + e.getMessage());
        }
        CountryLookup countries;
        try {
            countries = config.geoDatabase().map(CountryLookup::open).orElseGet(CountryLookup::bundled);
        } catch (RuntimeException e) {
            throw new ConfigException("geo-database: " + e.getMessage());
        }
        byte[] secret = ServerSecret.load(config.serverSecret(), config.dataDir());
        MachineIdHasher machineIds = new MachineIdHasher(secret);
        DuckDbEventStore store = DuckDbEventStore.open(config.dataDir(), config.storeMemoryLimit());
        IngestJournal journal;
        StoreWriter writer;
        try {
            JournalReplay.replay(config.dataDir(), store);
            writer = new StoreWriter(store);
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            journal = IngestJournal.start(config.dataDir(), writer, config.storeQueueEvents());
        } catch (StoreException | RuntimeException e) {
            writer.close();
            throw e;
        }
        Metrics metrics = new Metrics();
        OtlpJsonDecoder.Limits limits = new OtlpJsonDecoder.Limits(config.maxRecordsPerRequest(),
                config.maxAttributesPerRecord());
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("candor-http");
        IngestContext ctx = new IngestContext(tools, clientAddress, countries,
                new RateLimiter(config.rateLimitPerKey(), 10_000), new RateLimiter(config.rateLimitPerNetwork(), 100_000),
                new OtlpJsonDecoder(limits), new OtlpProtobufDecoder(limits),
                new BatchAdmission(new EventEnricher(machineIds, config.maxStringLength())), machineIds, journal, metrics,
                config.maxBodyBytes(), threads);

        Server server = new Server(threads);
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
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
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
        Routes routes = new Routes(Map.of(LogsHandler.ROUTE, new LogsHandler(ctx), ForgetHandler.ROUTE, new ForgetHandler(ctx)),
                published, metrics, journal, writer);
        server.setHandler(new GracefulHandler(new SlowBodyGuard(routes, config.minRequestDataRate())));
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
            journal.close();
            writer.close();
            closeQuietly(countries);
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (tls) {
                throw new ConfigException("cannot start HTTPS on " + config.host() + ":" + config.port() + " (" + why
                        + "); check tls-keystore and tls-keystore-password");
            }
            throw new ConfigException("cannot listen on " + config.host() + ":" + config.port() + " (" + why + ")");
        }
        Maintenance maintenance = new Maintenance(journal, store, tools, Clock.systemUTC(), config.retentionDays(),
                config.autoPublish(), config.autoPublishDelayDays(), config.publishK(), config.publishedDir());
        maintenance.start();
        LOG.info("collector listening url={} data_dir={} tools={} stored_events={}",
                (tls ? "https" : "http") + "://" + config.host() + ":" + connector.getLocalPort(), config.dataDir(),
                tools.tools().stream().map(ToolRegistry.Tool::id).toList(), store.count());
        return new CollectorServer(server, connector, store, writer, journal, countries, metrics, tools, tls, maintenance, published);
    }

    private static void closeQuietly(CountryLookup countries) {
        try {
            countries.close();
        } catch (java.io.IOException ignored) {
            // a read-only database file: nothing to save
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}: the base URL a client on this machine uses. */
    public URI baseUri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port());
    }

    public DuckDbEventStore store() {
        return store;
    }

    /** Where ingest and erasure go: {@link IngestJournal#run} orders a task after every acknowledged batch. */
    public IngestJournal journal() {
        return journal;
    }

    public Metrics metrics() {
        return metrics;
    }

    public ToolRegistry tools() {
        return tools;
    }

    public CountryLookup countries() {
        return countries;
    }

    /** The published files, as {@code GET /data/} lists them. */
    public PublishedFilesHandler published() {
        return published;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        maintenance.close();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.getClass().getSimpleName());
        }
        journal.close();
        writer.close();
        closeQuietly(countries);
        if (journal.segments() == 0) {
            LOG.info("collector stopped; every acknowledged event is committed");
        } else {
            LOG.warn("collector stopped; {} journal segments hold events not yet committed, replayed at the next start",
                    journal.segments());
        }
    }
}
