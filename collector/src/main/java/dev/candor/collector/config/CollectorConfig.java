package dev.candor.collector.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's settings, frozen. Read in one place, in this order (first wins): command-line
 * flags, environment variables ({@code CANDOR_*}), the config file ({@code key = value} lines,
 * {@code #} comments), the defaults in {@link Setting}. Every value is checked here, so a bad one
 * stops the start with one line naming it.
 *
 * <pre>{@code
 * CollectorConfig config = CollectorConfig.builder().set(Setting.PORT, "0").dataDir(tmp).build();
 * }</pre>
 */
public final class CollectorConfig {
    private static final int MAX_CONFIG_FILE_BYTES = 1 << 20;

    private final Map<Setting, String> values;
    private final List<ToolRegistration> tools;
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Optional<String> serverSecret;
    private final List<String> trustedProxies;
    private final Optional<Path> geoDatabase;
    private final Optional<Path> tlsKeystore;
    private final String tlsKeystorePassword;
    private final int maxBodyBytes;
    private final int maxRecordsPerRequest;
    private final int maxAttributesPerRecord;
    private final int maxStringLength;
    private final int rateLimitPerKey;
    private final int rateLimitPerNetwork;
    private final int ownerRequestsPerMinute;
    private final int storeQueueEvents;
    private final int idleTimeoutMs;
    private final int minRequestDataRate;
    private final Optional<String> storeMemoryLimit;
    private final int retentionDays;
    private final int publishK;
    private final String publishPeriod;
    private final boolean autoPublish;
    private final Optional<String> adminToken;
    private final boolean dashboardTelemetry;
    private final dev.candor.collector.logging.CandorLogging.Format logFormat;
    private final int autoPublishDelayDays;
    private final String clickhouseDatabase;
    private final String kafkaTopic;
    private final int kafkaPartitions;
    private final int kafkaTimeoutMs;
    private final StoreKind store;
    private final Optional<java.net.URI> clickhouseUrl;
    private final SinkKind sink;
    private final Optional<String> kafkaBootstrap;

    /** Where {@code store} keeps or reads events: the embedded DuckDB store or ClickHouse. */
    public enum StoreKind {
        DUCKDB,
        CLICKHOUSE
    }

    /** Where {@code serve} puts accepted events: the journal, then the embedded store; or Kafka (stateless). */
    public enum SinkKind {
        STORE,
        KAFKA
    }

    /** Where each value came from ({@code candor.conf line 3}, {@code environment variable CANDOR_PORT}). */
    private final Map<Setting, String> origins;

    /** A setting as an error message names it: its key, and where its value came from. */
    private String named(Setting s) {
        String origin = origins == null ? null : origins.get(s);
        return s.key() + " (" + (origin != null ? origin : s.environmentVariable()) + ")";
    }

    /** The config file's folder: relative paths given in the file are taken from it, as catalogs are. */
    private final Path fileBase;

    private final java.util.Set<Setting> fromFile;

    private CollectorConfig(
            Map<Setting, String> values,
            Map<Setting, String> origins,
            java.util.Set<Setting> fromFile,
            Path fileBase,
            List<ToolRegistration> tools) {
        this.origins = Map.copyOf(origins);
        this.fromFile = java.util.Set.copyOf(fromFile);
        this.fileBase = fileBase;
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.tools = List.copyOf(tools);
        // Every value is parsed once, here: a bad one fails the start, not the first request.
        this.host = parseHost();
        this.port = parsePort();
        this.adminPort = parseAdminPort();
        this.dataDir = parseDataDir();
        this.serverSecret = parseServerSecret();
        this.trustedProxies = parseTrustedProxies();
        this.geoDatabase = parseGeoDatabase();
        this.tlsKeystore = parseTlsKeystore();
        this.tlsKeystorePassword = parseTlsKeystorePassword();
        this.maxBodyBytes = parseMaxBodyBytes();
        this.maxRecordsPerRequest = parseMaxRecordsPerRequest();
        this.maxAttributesPerRecord = parseMaxAttributesPerRecord();
        this.maxStringLength = parseMaxStringLength();
        this.rateLimitPerKey = parseRateLimitPerKey();
        this.rateLimitPerNetwork = parseRateLimitPerNetwork();
        this.ownerRequestsPerMinute = nonNegativeInt(Setting.OWNER_REQUESTS_PER_MINUTE);
        this.storeQueueEvents = parseStoreQueueEvents();
        this.idleTimeoutMs = parseIdleTimeoutMs();
        this.minRequestDataRate = parseMinRequestDataRate();
        this.storeMemoryLimit = parseStoreMemoryLimit();
        this.retentionDays = parseRetentionDays();
        this.publishK = parsePublishK();
        this.publishPeriod = parsePublishPeriod();
        this.autoPublish = parseAutoPublish();
        this.adminToken = parseAdminToken();
        this.dashboardTelemetry = parseDashboardTelemetry();
        this.logFormat = either(Setting.LOG_FORMAT, "text", "json")
                ? dev.candor.collector.logging.CandorLogging.Format.JSON
                : dev.candor.collector.logging.CandorLogging.Format.TEXT;
        this.autoPublishDelayDays = parseAutoPublishDelayDays();
        this.clickhouseDatabase = parseClickhouseDatabase();
        this.kafkaTopic = parseKafkaTopic();
        this.kafkaPartitions = parseKafkaPartitions();
        this.kafkaTimeoutMs = parseKafkaTimeoutMs();
        this.store = parseStore();
        this.clickhouseUrl = parseClickhouseUrl();
        this.sink = parseSink();
        this.kafkaBootstrap = parseKafkaBootstrap();
        if (store == StoreKind.CLICKHOUSE) {
            clickhouseUrl();
        }
        if (sink == SinkKind.KAFKA) {
            kafkaBootstrap();
            if (autoPublish) {
                throw new ConfigException(
                        Setting.AUTO_PUBLISH.key() + " needs the embedded store (sink store): with sink kafka,"
                                + " publish from ClickHouse with candor publish --store clickhouse");
            }
        }
        String secret = text(Setting.SERVER_SECRET);
        if (!secret.isEmpty() && secret.length() < 32) {
            throw new ConfigException(named(Setting.SERVER_SECRET) + " must be at least 32 characters");
        }
        if (tlsKeystore.isPresent() && !Files.isReadable(tlsKeystore.get())) {
            throw new ConfigException(Setting.TLS_KEYSTORE.key() + ": cannot read " + text(Setting.TLS_KEYSTORE));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the settings from their three sources. {@code flags} holds command-line values by
     * setting; {@code toolFlags} the {@code --tool} values; {@code configFile} may be null; the
     * file named by {@code CANDOR_CONFIG} is used when there is no flag.
     */
    /** {@code CANDOR_*} variables that are not settings but are read elsewhere (bin/candor, this class). */
    private static final java.util.Set<String> OTHER_VARIABLES = java.util.Set.of("CANDOR_CONFIG", "CANDOR_JAVA_OPTS");

    /**
     * A {@code CANDOR_*} variable that names no setting is a typo that would leave the default in force
     * ({@code CANDOR_RETENTON_DAYS=5} ran with 30 days): refused, with the nearest setting's variable.
     */
    static void checkEnvironmentNames(Map<String, String> environment) {
        for (String name : new java.util.TreeSet<>(environment.keySet())) {
            if (!name.startsWith("CANDOR_") || OTHER_VARIABLES.contains(name)) {
                continue;
            }
            boolean known = false;
            for (Setting s : Setting.values()) {
                known |= s.environmentVariable().equals(name);
            }
            if (!known) {
                String key = name.substring("CANDOR_".length())
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-');
                String hint = Setting.nearestKey(key);
                throw new ConfigException("environment variable " + ToolRegistration.printable(name)
                        + " names no setting"
                        + (hint == null
                                ? ""
                                : " (did you mean " + Setting.byKey(hint).environmentVariable() + "?)")
                        + "; unset it, or see docs/OPERATIONS.md for the settings");
            }
        }
    }

    public static CollectorConfig load(
            Map<Setting, String> flags, List<String> toolFlags, Path configFile, Map<String, String> environment) {
        Builder b = builder();
        Path file = configFile;
        if (file == null && nonBlank(environment.get("CANDOR_CONFIG"))) {
            file = Path.of(environment.get("CANDOR_CONFIG").trim());
        }
        if (file != null) {
            b.readFile(file);
        }
        checkEnvironmentNames(environment);
        for (Setting s : Setting.values()) {
            String env = environment.get(s.environmentVariable());
            if (nonBlank(env)) {
                b.from(s, env.trim(), s.environmentVariable());
                if (s == Setting.TOOLS) {
                    b.toolBase = Path.of("");
                }
            }
        }
        flags.forEach((s, v) -> b.from(s, v.trim(), "--" + s.key()));
        if (!toolFlags.isEmpty()) {
            b.values.put(Setting.TOOLS, String.join(",", toolFlags));
            b.toolBase = Path.of("");
        }
        return b.build();
    }

    private String parseHost() {
        String h = text(Setting.HOST);
        if (h.isEmpty() || h.contains(" ") || h.contains("/")) {
            throw new ConfigException(
                    Setting.HOST.key() + ": '" + ToolRegistration.printable(h) + "' is not a host address");
        }
        return h;
    }

    private java.util.OptionalInt parseAdminPort() {
        if (text(Setting.ADMIN_PORT).isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        int p = integer(Setting.ADMIN_PORT);
        if (p < 0 || p > 65535) {
            throw new ConfigException(named(Setting.ADMIN_PORT) + ": " + p + " is not a port (0-65535)");
        }
        if (p != 0 && p == port) {
            throw new ConfigException(named(Setting.ADMIN_PORT) + ": " + p + " is port too; give another one");
        }
        return java.util.OptionalInt.of(p);
    }

    /** {@code admin-port}: where /metrics and the dashboard are served instead of port; empty when not set. */
    public java.util.OptionalInt adminPort() {
        return adminPort;
    }

    /** {@code admin-host}: the address of admin-port. */
    public String adminHost() {
        return text(Setting.ADMIN_HOST);
    }

    private final java.util.OptionalInt adminPort;

    private int parsePort() {
        int port = integer(Setting.PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException(Setting.PORT.key() + ": " + port + " is not a port (0-65535)");
        }
        return port;
    }

    private Path parseDataDir() {
        String d = text(Setting.DATA_DIR);
        if (d.isEmpty()) {
            throw new ConfigException(Setting.DATA_DIR.key() + " must not be empty");
        }
        return path(Setting.DATA_DIR, d).toAbsolutePath().normalize();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Optional<String> serverSecret() {
        return serverSecret;
    }

    public List<String> trustedProxies() {
        return trustedProxies;
    }

    public Optional<Path> geoDatabase() {
        return geoDatabase;
    }

    public Optional<Path> tlsKeystore() {
        return tlsKeystore;
    }

    public String tlsKeystorePassword() {
        return tlsKeystorePassword;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxRecordsPerRequest() {
        return maxRecordsPerRequest;
    }

    public int maxAttributesPerRecord() {
        return maxAttributesPerRecord;
    }

    public int maxStringLength() {
        return maxStringLength;
    }

    public int rateLimitPerKey() {
        return rateLimitPerKey;
    }

    public int rateLimitPerNetwork() {
        return rateLimitPerNetwork;
    }

    /** Access and erasure requests per minute per client network; 0: no limit. */
    public int ownerRequestsPerMinute() {
        return ownerRequestsPerMinute;
    }

    public int storeQueueEvents() {
        return storeQueueEvents;
    }

    public int idleTimeoutMs() {
        return idleTimeoutMs;
    }

    public int minRequestDataRate() {
        return minRequestDataRate;
    }

    public Optional<String> storeMemoryLimit() {
        return storeMemoryLimit;
    }

    public int retentionDays() {
        return retentionDays;
    }

    /** {@code day}, {@code week} or {@code month} (checked): what {@code publish.Period.parse} reads. */
    public String publishPeriod() {
        return publishPeriod;
    }

    public int publishK() {
        return publishK;
    }

    public boolean autoPublish() {
        return autoPublish;
    }

    public Optional<String> adminToken() {
        return adminToken;
    }

    public boolean dashboardTelemetry() {
        return dashboardTelemetry;
    }

    /** {@code log-format}: text or json. */
    public dev.candor.collector.logging.CandorLogging.Format logFormat() {
        return logFormat;
    }

    public int autoPublishDelayDays() {
        return autoPublishDelayDays;
    }

    public String clickhouseDatabase() {
        return clickhouseDatabase;
    }

    public String kafkaTopic() {
        return kafkaTopic;
    }

    public int kafkaPartitions() {
        return kafkaPartitions;
    }

    public int kafkaTimeoutMs() {
        return kafkaTimeoutMs;
    }

    public StoreKind store() {
        return store;
    }

    public SinkKind sink() {
        return sink;
    }

    /** The registered tools; forge's demo registration when none is configured. */
    public List<ToolRegistration> tools() {
        return tools;
    }

    private Optional<String> parseServerSecret() {
        return optional(Setting.SERVER_SECRET);
    }

    private List<String> parseTrustedProxies() {
        return list(Setting.TRUSTED_PROXIES);
    }

    private Optional<Path> parseGeoDatabase() {
        return optional(Setting.GEO_DATABASE)
                .map(v -> fromConfigFolder(Setting.GEO_DATABASE, path(Setting.GEO_DATABASE, v)));
    }

    private Optional<Path> parseTlsKeystore() {
        return optional(Setting.TLS_KEYSTORE)
                .map(v -> fromConfigFolder(Setting.TLS_KEYSTORE, path(Setting.TLS_KEYSTORE, v)));
    }

    private String parseTlsKeystorePassword() {
        return text(Setting.TLS_KEYSTORE_PASSWORD);
    }

    private int parseMaxBodyBytes() {
        return positiveInt(Setting.MAX_BODY_BYTES);
    }

    private int parseMaxRecordsPerRequest() {
        return positiveInt(Setting.MAX_RECORDS_PER_REQUEST);
    }

    private int parseMaxAttributesPerRecord() {
        return positiveInt(Setting.MAX_ATTRIBUTES_PER_RECORD);
    }

    private int parseMaxStringLength() {
        return positiveInt(Setting.MAX_STRING_LENGTH);
    }

    private int parseRateLimitPerKey() {
        return nonNegativeInt(Setting.RATE_LIMIT_PER_KEY);
    }

    private int parseRateLimitPerNetwork() {
        return nonNegativeInt(Setting.RATE_LIMIT_PER_NETWORK);
    }

    private int parseStoreQueueEvents() {
        return positiveInt(Setting.STORE_QUEUE_EVENTS);
    }

    private int parseIdleTimeoutMs() {
        return positiveInt(Setting.IDLE_TIMEOUT_MS);
    }

    private int parseMinRequestDataRate() {
        return nonNegativeInt(Setting.MIN_REQUEST_DATA_RATE);
    }

    private static final java.util.regex.Pattern MEMORY =
            java.util.regex.Pattern.compile("\\d{1,6}(\\.\\d{1,3})?\\s*(?i:KB|MB|GB|TB|KiB|MiB|GiB|TiB)");

    /** DuckDB's {@code memory_limit} ({@code 2GiB}); empty for DuckDB's default. Checked, so it can go into SQL. */
    private Optional<String> parseStoreMemoryLimit() {
        Optional<String> v = optional(Setting.STORE_MEMORY_LIMIT);
        if (v.isPresent() && !MEMORY.matcher(v.get()).matches()) {
            throw new ConfigException(named(Setting.STORE_MEMORY_LIMIT) + ": '" + ToolRegistration.printable(v.get())
                    + "' is not a size such as 512MiB or 2GiB");
        }
        return v;
    }

    private int parseRetentionDays() {
        return positiveInt(Setting.RETENTION_DAYS);
    }

    private int parsePublishK() {
        return positiveInt(Setting.PUBLISH_K);
    }

    private String parsePublishPeriod() {
        String v = text(Setting.PUBLISH_PERIOD).toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("day", "week", "month").contains(v)) {
            throw new ConfigException(named(Setting.PUBLISH_PERIOD) + ": '" + ToolRegistration.printable(v)
                    + "' is not day, week or month");
        }
        return v;
    }

    private boolean parseAutoPublish() {
        return bool(Setting.AUTO_PUBLISH);
    }

    /** The dashboard's admin token when one is configured; otherwise the collector generates one. */
    private Optional<String> parseAdminToken() {
        Optional<String> v = optional(Setting.ADMIN_TOKEN);
        if (v.isPresent()
                && (v.get().length() < 16
                        || v.get().length() > 512
                        || !v.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new ConfigException(
                    named(Setting.ADMIN_TOKEN) + " must be 16 to 512 printable characters without spaces");
        }
        return v;
    }

    /** Whether the dashboard records its own usage ({@code CANDOR_DASHBOARD_ENABLE_TELEMETRY=false} turns it off). */
    private boolean parseDashboardTelemetry() {
        return bool(Setting.DASHBOARD_ENABLE_TELEMETRY);
    }

    private int parseAutoPublishDelayDays() {
        return nonNegativeInt(Setting.AUTO_PUBLISH_DELAY_DAYS);
    }

    private StoreKind parseStore() {
        return either(Setting.STORE, "duckdb", "clickhouse") ? StoreKind.CLICKHOUSE : StoreKind.DUCKDB;
    }

    /** True when the setting is {@code second}, false when it is {@code first}; anything else stops the start. */
    private boolean either(Setting s, String first, String second) {
        String v = text(s);
        if (!v.equals(first) && !v.equals(second)) {
            throw new ConfigException(
                    named(s) + ": '" + ToolRegistration.printable(v) + "' is not " + first + " or " + second);
        }
        return v.equals(second);
    }

    /** ClickHouse's HTTP interface; a {@link ConfigException} when it is missing or not an http URL of a host and port. */
    public java.net.URI clickhouseUrl() {
        return clickhouseUrl.orElseThrow(() -> new ConfigException(
                named(Setting.CLICKHOUSE_URL) + " is needed with store clickhouse: http://HOST:8123"));
    }

    private Optional<java.net.URI> parseClickhouseUrl() {
        String v = text(Setting.CLICKHOUSE_URL);
        String where = named(Setting.CLICKHOUSE_URL) + "";
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.net.URI u = new java.net.URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
                    || u.getHost() == null
                    || u.getPort() < 0
                    || u.getRawUserInfo() != null
                    || u.getRawQuery() != null) {
                throw new java.net.URISyntaxException(v, "not http://HOST:PORT");
            }
            return Optional.of(u);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(where + ": '" + ToolRegistration.printable(v) + "' is not http://HOST:PORT");
        }
    }

    private String parseClickhouseDatabase() {
        String v = text(Setting.CLICKHOUSE_DATABASE);
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new ConfigException(named(Setting.CLICKHOUSE_DATABASE) + ": '" + ToolRegistration.printable(v)
                    + "' is not a plain name (letters, digits, _)");
        }
        return v;
    }

    private SinkKind parseSink() {
        return either(Setting.SINK, "store", "kafka") ? SinkKind.KAFKA : SinkKind.STORE;
    }

    private static final java.util.regex.Pattern BROKERS =
            java.util.regex.Pattern.compile("[A-Za-z0-9.\\[\\]:-]+:\\d{1,5}(,[A-Za-z0-9.\\[\\]:-]+:\\d{1,5})*");

    /** Kafka's bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}; a {@link ConfigException} when none is set. */
    public String kafkaBootstrap() {
        return kafkaBootstrap.orElseThrow(() -> new ConfigException(Setting.KAFKA_BOOTSTRAP.key() + " ("
                + Setting.KAFKA_BOOTSTRAP.environmentVariable() + ") is needed with Kafka: HOST:PORT[,HOST:PORT...]"));
    }

    private Optional<String> parseKafkaBootstrap() {
        String v = text(Setting.KAFKA_BOOTSTRAP);
        String where = named(Setting.KAFKA_BOOTSTRAP) + "";
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!BROKERS.matcher(v).matches()) {
            throw new ConfigException(
                    where + ": '" + ToolRegistration.printable(v) + "' is not HOST:PORT[,HOST:PORT...]");
        }
        return Optional.of(v);
    }

    private String parseKafkaTopic() {
        String v = text(Setting.KAFKA_TOPIC);
        if (!v.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigException(named(Setting.KAFKA_TOPIC) + ": '" + ToolRegistration.printable(v)
                    + "' is not a Kafka topic name (letters, digits, . _ -)");
        }
        return v;
    }

    private int parseKafkaPartitions() {
        return positiveInt(Setting.KAFKA_PARTITIONS);
    }

    private int parseKafkaTimeoutMs() {
        return positiveInt(Setting.KAFKA_TIMEOUT_MS);
    }

    /** Where published files are written and served from: {@code <data-dir>/published}. */
    public Path publishedDir() {
        return dataDir.resolve("published");
    }

    /** Whether a source (file, environment, flag) gave this setting a value, rather than its default. */
    public boolean isSet(Setting s) {
        return values.containsKey(s);
    }

    /** The raw value of a setting after every source was applied, for {@code candor serve --print-config}. */
    public String value(Setting s) {
        return text(s);
    }

    private boolean bool(Setting s) {
        String v = text(s).toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("0")) {
            return false;
        }
        throw new ConfigException(named(s) + ": '" + ToolRegistration.printable(v) + "' is not true or false");
    }

    /** A relative path written in the config file is taken from the file's folder, as catalog paths are. */
    private Path fromConfigFolder(Setting s, Path p) {
        return fromFile.contains(s) && !p.isAbsolute() ? fileBase.resolve(p).normalize() : p;
    }

    private Path path(Setting s, String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(named(s) + ": '" + ToolRegistration.printable(value) + "' is not a valid path");
        }
    }

    private String text(Setting s) {
        return values.getOrDefault(s, s.defaultValue()).trim();
    }

    private Optional<String> optional(Setting s) {
        String v = text(s);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private List<String> list(Setting s) {
        List<String> out = new ArrayList<>();
        for (String part : text(s).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private int integer(Setting s) {
        String v = text(s);
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(named(s) + ": '" + ToolRegistration.printable(v) + "' is not a whole number");
        }
    }

    private int positiveInt(Setting s) {
        int v = integer(s);
        if (v <= 0) {
            throw new ConfigException(named(s) + ": must be above 0, not " + v);
        }
        return v;
    }

    private int nonNegativeInt(Setting s) {
        int v = integer(s);
        if (v < 0) {
            throw new ConfigException(named(s) + ": must be 0 or more, not " + v);
        }
        return v;
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Collects values; {@link #build()} checks them all. */
    public static final class Builder {
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);
        private final Map<Setting, String> origins = new EnumMap<>(Setting.class);
        private final java.util.Set<Setting> fromFile = java.util.EnumSet.noneOf(Setting.class);
        private Path toolBase = Path.of("");
        private Path fileBase = Path.of("");

        private Builder() {}

        public Builder set(Setting setting, String value) {
            values.put(setting, value);
            origins.remove(setting);
            fromFile.remove(setting);
            return this;
        }

        private void from(Setting setting, String value, String origin) {
            values.put(setting, value);
            origins.put(setting, origin);
            fromFile.remove(setting);
        }

        public Builder dataDir(Path dir) {
            return set(Setting.DATA_DIR, dir.toString());
        }

        public Builder tool(String spec) {
            String old = values.get(Setting.TOOLS);
            return set(Setting.TOOLS, old == null || old.isBlank() ? spec : old + "," + spec);
        }

        Builder readFile(Path file) {
            byte[] bytes;
            try {
                if (Files.size(file) > MAX_CONFIG_FILE_BYTES) {
                    throw new ConfigException("config file " + file + " is larger than 1 MiB");
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new ConfigException(
                        "cannot read config file " + file + ": " + e.getClass().getSimpleName());
            }
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException("config file " + file + " is not UTF-8 text");
            }
            String[] lines = text.split("\r?\n", -1);
            Map<Setting, Integer> seenAt = new EnumMap<>(Setting.class);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = file.getFileName() + " line " + (i + 1);
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(
                            where + ": expected 'key = value', got '" + ToolRegistration.printable(line) + "'");
                }
                String key = line.substring(0, eq).strip();
                Setting s = Setting.byKey(key);
                if (s == null) {
                    String hint = Setting.nearestKey(key);
                    throw new ConfigException(where + ": unknown setting '" + ToolRegistration.printable(key) + "'"
                            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
                }
                Integer first = seenAt.putIfAbsent(s, i + 1);
                if (first != null) {
                    throw new ConfigException(
                            where + ": '" + key + "' is set twice (first on line " + first + "); keep one");
                }
                from(s, line.substring(eq + 1).strip(), where);
                fromFile.add(s);
            }
            Path parent = file.toAbsolutePath().getParent();
            toolBase = parent == null ? Path.of("") : parent;
            fileBase = toolBase;
            return this;
        }

        public CollectorConfig build() {
            List<ToolRegistration> tools = new ArrayList<>();
            String spec = values.getOrDefault(Setting.TOOLS, "");
            for (String part : spec.split(",")) {
                if (!part.isBlank()) {
                    ToolRegistration t = ToolRegistration.parse(part, toolBase);
                    for (ToolRegistration other : tools) {
                        if (other.id().equals(t.id()) || other.key().equals(t.key())) {
                            throw new ConfigException(
                                    "tools: '" + t.id() + "' repeats the id or the key of '" + other.id() + "'");
                        }
                    }
                    tools.add(t);
                }
            }
            if (tools.isEmpty()) {
                tools.add(ToolRegistration.forgeDemo());
            }
            return new CollectorConfig(values, origins, fromFile, fileBase, tools);
        }
    }
}
