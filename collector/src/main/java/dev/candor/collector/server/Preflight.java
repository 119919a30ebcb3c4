package dev.candor.collector.server;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.config.CollectorConfig;
import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.ToolRegistration;
import dev.candor.collector.dashboard.AdminToken;
import dev.candor.collector.enrich.ClientAddress;
import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.enrich.ServerSecret;
import dev.candor.collector.kafka.KafkaSink;
import dev.candor.collector.store.StoreException;
import dev.candor.collector.store.duckdb.DuckDbEventStore;
import dev.candor.collector.store.journal.JournalReplay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks a start makes before it writes anything. {@link #forStart} stops at the first that fails,
 * as {@code serve} must; {@link #report} runs every one and says what each found, for {@code candor
 * check-config}. Neither writes a file, creates a folder or a Kafka topic.
 */
public final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private Preflight() {}

    /** How one check came out. */
    public enum Outcome {
        /** A start would pass it. */
        OK,
        /** A start would pass it and log a warning. */
        WARNING,
        /** A start would stop here. */
        FAILED
    }

    /**
     * One check's result.
     *
     * @param check   the setting or part checked ({@code tls-keystore}, {@code tool forge})
     * @param outcome whether a start would pass it
     * @param detail  what was found, or what to change
     */
    public record Finding(String check, Outcome outcome, String detail) {}

    /** What a start goes on with once every check has passed. */
    record Passed(ToolRegistry tools, AdminToken adminToken, ClientAddress clientAddress, CountryLookup countries) {}

    /**
     * The checks of a start, in order; the first that fails throws.
     *
     * @throws ConfigException naming the setting to change
     */
    static Passed forStart(CollectorConfig config, Instant now) {
        if (config.tlsKeystore().isPresent()) {
            TlsKeystoreCheck.check(config.tlsKeystore().get(), config.tlsKeystorePassword(), now)
                    .warning()
                    .ifPresent(LOG::warn);
        }
        ListenCheck.check(config.host(), config.port());
        if (config.adminPort().isPresent()) {
            ListenCheck.check(config.adminHost(), config.adminPort().getAsInt());
        }
        ToolRegistry tools = ToolRegistry.load(CollectorServer.withDashboard(config));
        demoOnly(config).ifPresent(LOG::warn);
        AdminToken adminToken = AdminToken.resolve(config.adminToken(), config.dataDir());
        ClientAddress clientAddress = clientAddress(config);
        return new Passed(tools, adminToken, clientAddress, countries(config));
    }

    /** A check that says what it found, or throws {@link ConfigException} or {@link StoreException}. */
    private interface Check {
        Finding run() throws StoreException;
    }

    private static void add(List<Finding> out, String name, Check check) {
        try {
            out.add(check.run());
        } catch (ConfigException | StoreException e) {
            out.add(new Finding(name, Outcome.FAILED, e.getMessage()));
        } catch (RuntimeException e) { // a check that breaks is a finding too, never the end of the report
            out.add(new Finding(
                    name,
                    Outcome.FAILED,
                    "could not be checked (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static Finding ok(String check, String detail) {
        return new Finding(check, Outcome.OK, detail);
    }

    /**
     * Every check a start would make, each reported whether or not an earlier one failed, and what the
     * configuration would meet in the data folder and in Kafka. Nothing is written.
     */
    public static List<Finding> report(CollectorConfig config, Instant now) {
        List<Finding> out = new ArrayList<>();
        add(out, "tls-keystore", () -> {
            if (config.tlsKeystore().isEmpty()) {
                return isLoopback(config.host())
                        ? ok("tls-keystore", "not set: plain HTTP on " + config.host() + " (this machine only)")
                        : new Finding(
                                "tls-keystore",
                                Outcome.WARNING,
                                "not set: plain HTTP on " + config.host() + "; set tls-keystore, or put a TLS"
                                        + " proxy in front (docs/OPERATIONS.md, \"TLS\")");
            }
            TlsKeystoreCheck.Found found =
                    TlsKeystoreCheck.check(config.tlsKeystore().get(), config.tlsKeystorePassword(), now);
            return found.warning()
                    .map(w -> new Finding("tls-keystore", Outcome.WARNING, w))
                    .orElseGet(() -> ok(
                            "tls-keystore",
                            "key '" + found.alias() + "', certificate valid until " + found.notAfter()));
        });
        add(out, "listen", () -> {
            ListenCheck.check(config.host(), config.port());
            return ok(
                    "listen",
                    config.port() == 0
                            ? config.host() + ": any free port"
                            : config.host() + ":" + config.port() + " is free");
        });
        if (config.adminPort().isPresent()) {
            add(out, "admin-port", () -> {
                ListenCheck.check(config.adminHost(), config.adminPort().getAsInt());
                return ok(
                        "admin-port",
                        config.adminHost() + ":" + config.adminPort().getAsInt()
                                + " is free (/metrics and the dashboard)");
            });
        }
        tools(config, out);
        add(out, "admin-token", () -> {
            if (config.adminToken().isPresent()) {
                return ok("admin-token", "set by admin-token");
            }
            AdminToken token = AdminToken.resolve(Optional.empty(), config.dataDir());
            return ok(
                    "admin-token",
                    token.generated().isPresent()
                            ? "none yet: the first start generates one and shows it once"
                            : "hash kept in " + config.dataDir().resolve(AdminToken.FILE_NAME));
        });
        add(
                out,
                "server-secret",
                () -> ok("server-secret", ServerSecret.check(config.serverSecret(), config.dataDir())));
        add(out, "trusted-proxies", () -> {
            clientAddress(config);
            return ok(
                    "trusted-proxies",
                    config.trustedProxies().isEmpty()
                            ? "none: a client's address is its connection's"
                            : String.join(", ", config.trustedProxies()));
        });
        add(out, "geo-database", () -> {
            CountryLookup countries = countries(config);
            try {
                countries.close();
            } catch (IOException e) {
                // it opened and was read, which is what is checked
            }
            return ok("geo-database", config.geoDatabase().map(Path::toString).orElse("the bundled DB-IP lite"));
        });
        add(out, "data-dir", () -> ok("data-dir", DataDir.check(config.dataDir())));
        if (config.sink() == CollectorConfig.SinkKind.KAFKA) {
            add(
                    out,
                    "kafka",
                    () -> ok(
                            "kafka",
                            KafkaSink.check(config.kafkaBootstrap(), config.kafkaTopic(), config.kafkaTimeoutMs())));
        } else {
            add(out, "store", () -> ok("store", store(config.dataDir())));
        }
        return out;
    }

    private static void tools(CollectorConfig config, List<Finding> out) {
        List<ToolRegistration> registrations;
        try {
            registrations = CollectorServer.configuredTools(config);
        } catch (ConfigException e) {
            out.add(new Finding("tools", Outcome.FAILED, e.getMessage()));
            return;
        }
        for (ToolRegistration r : registrations) {
            add(out, "tool " + r.id(), () -> {
                ToolRegistry.Tool tool = ToolRegistry.load(List.of(r)).tools().get(0);
                return ok(
                        "tool " + r.id(),
                        tool.catalog() == null
                                ? "no catalog: any event name and attribute is accepted"
                                : "catalog " + r.catalog().orElse("") + ", "
                                        + tool.catalog().eventCount() + " events");
            });
        }
        demoOnly(config).ifPresent(w -> out.add(new Finding("tools", Outcome.WARNING, w)));
    }

    private static Optional<String> demoOnly(CollectorConfig config) {
        return config.tools().equals(List.of(ToolRegistration.forgeDemo()))
                ? Optional.of("no tools are configured: only the sample tool forge is registered, with its public demo"
                        + " key forge-public-ingest-key; set tools (docs/OPERATIONS.md, \"Tools, keys and catalogs\")")
                : Optional.empty();
    }

    private static ClientAddress clientAddress(CollectorConfig config) {
        try {
            return ClientAddress.trusting(config.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("trusted-proxies: " + e.getMessage());
        }
    }

    private static CountryLookup countries(CollectorConfig config) {
        try {
            return config.geoDatabase().map(CountryLookup::open).orElseGet(CountryLookup::bundled);
        } catch (RuntimeException e) {
            throw new ConfigException("geo-database: " + e.getMessage());
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false; // the listen check names the host
        }
    }

    /** The embedded store as a start would meet it: its size and the journal it would replay. */
    private static String store(Path dataDir) {
        Path file = dataDir.resolve(DuckDbEventStore.FILE_NAME);
        try {
            if (!Files.exists(file)) {
                return "none yet: the first start creates " + file;
            }
            int waiting = Files.isDirectory(dataDir.resolve("journal")) ? JournalReplay.segmentsWaiting(dataDir) : 0;
            return file + ", " + String.format(Locale.ROOT, "%.1f MiB", Files.size(file) / 1048576.0)
                    + (waiting == 0 ? "" : "; the journal holds " + waiting + " segment(s) the next start replays");
        } catch (IOException e) {
            throw new ConfigException(
                    "data-dir: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The failed findings' checks, for a summary line. */
    public static String failed(List<Finding> findings) {
        return findings.stream()
                .filter(f -> f.outcome() == Outcome.FAILED)
                .map(Finding::check)
                .collect(Collectors.joining(", "));
    }
}
