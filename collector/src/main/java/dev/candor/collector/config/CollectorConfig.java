package dev.candor.collector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
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

    private CollectorConfig(Map<Setting, String> values, List<ToolRegistration> tools) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.tools = List.copyOf(tools);
        // Parse every typed value now: a bad one must fail the start, not the first request.
        host();
        port();
        dataDir();
        for (Setting s : new Setting[] {Setting.MAX_BODY_BYTES, Setting.MAX_RECORDS_PER_REQUEST,
                Setting.MAX_ATTRIBUTES_PER_RECORD, Setting.MAX_STRING_LENGTH, Setting.STORE_QUEUE_EVENTS,
                Setting.IDLE_TIMEOUT_MS}) {
            positiveInt(s);
        }
        nonNegativeInt(Setting.RATE_LIMIT_PER_KEY);
        nonNegativeInt(Setting.RATE_LIMIT_PER_NETWORK);
        nonNegativeInt(Setting.MIN_REQUEST_DATA_RATE);
        storeMemoryLimit();
        positiveInt(Setting.RETENTION_DAYS);
        positiveInt(Setting.PUBLISH_K);
        nonNegativeInt(Setting.AUTO_PUBLISH_DELAY_DAYS);
        autoPublish();
        clickhouseStore();
        clickhouseDatabase();
        if (kafkaSink() && autoPublish()) {
            throw new ConfigException(Setting.AUTO_PUBLISH.key() + " needs the embedded store (sink store): with sink kafka,"
                    + " publish from ClickHouse with candor publish --store clickhouse");
        }
        kafkaTopic();
        positiveInt(Setting.KAFKA_PARTITIONS);
        positiveInt(Setting.KAFKA_TIMEOUT_MS);
        adminToken();
        dashboardTelemetry();
        String secret = text(Setting.SERVER_SECRET);
        if (!secret.isEmpty() && secret.length() < 32) {
            throw new ConfigException(Setting.SERVER_SECRET.key() + " (" + Setting.SERVER_SECRET.environmentVariable()
                    + ") must be at least 32 characters");
        }
        geoDatabase();
        if (!text(Setting.TLS_KEYSTORE).isEmpty() && !Files.isReadable(path(Setting.TLS_KEYSTORE, text(Setting.TLS_KEYSTORE)))) {
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
    public static CollectorConfig load(Map<Setting, String> flags, List<String> toolFlags, Path configFile,
            Map<String, String> environment) {
        Builder b = builder();
        Path file = configFile;
        if (file == null && nonBlank(environment.get("CANDOR_CONFIG"))) {
            file = Path.of(environment.get("CANDOR_CONFIG").trim());
        }
        if (file != null) {
            b.readFile(file);
        }
        for (Setting s : Setting.values()) {
            String env = environment.get(s.environmentVariable());
            if (nonBlank(env)) {
                b.values.put(s, env.trim());
                if (s == Setting.TOOLS) {
                    b.toolBase = Path.of("");
                }
            }
        }
        flags.forEach((s, v) -> b.values.put(s, v.trim()));
        if (!toolFlags.isEmpty()) {
            b.values.put(Setting.TOOLS, String.join(",", toolFlags));
            b.toolBase = Path.of("");
        }
        return b.build();
    }

    public String host() {
        String h = text(Setting.HOST);
        if (h.isEmpty() || h.contains(" ") || h.contains("/")) {
            throw new ConfigException(Setting.HOST.key() + ": '" + ToolRegistration.printable(h) + "' is not a host address");
        }
        return h;
    }

    public int port() {
        int port = integer(Setting.PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException(Setting.PORT.key() + ": " + port + " is not a port (0-65535)");
        }
        return port;
    }

    public Path dataDir() {
        String d = text(Setting.DATA_DIR);
        if (d.isEmpty()) {
            throw new ConfigException(Setting.DATA_DIR.key() + " must not be empty");
        }
        return path(Setting.DATA_DIR, d).toAbsolutePath().normalize();
    }

    /** The registered tools; forge's demo registration when none is configured. */
    public List<ToolRegistration> tools() {
        return tools;
    }

    public Optional<String> serverSecret() {
        return optional(Setting.SERVER_SECRET);
    }

    public List<String> trustedProxies() {
        return list(Setting.TRUSTED_PROXIES);
    }

    public Optional<Path> geoDatabase() {
        return optional(Setting.GEO_DATABASE).map(v -> path(Setting.GEO_DATABASE, v));
    }

    public Optional<Path> tlsKeystore() {
        return optional(Setting.TLS_KEYSTORE).map(v -> path(Setting.TLS_KEYSTORE, v));
    }

    public String tlsKeystorePassword() {
        return text(Setting.TLS_KEYSTORE_PASSWORD);
    }

    public int maxBodyBytes() {
        return positiveInt(Setting.MAX_BODY_BYTES);
    }

    public int maxRecordsPerRequest() {
        return positiveInt(Setting.MAX_RECORDS_PER_REQUEST);
    }

    public int maxAttributesPerRecord() {
        return positiveInt(Setting.MAX_ATTRIBUTES_PER_RECORD);
    }

    public int maxStringLength() {
        return positiveInt(Setting.MAX_STRING_LENGTH);
    }

    public int rateLimitPerKey() {
        return nonNegativeInt(Setting.RATE_LIMIT_PER_KEY);
    }

    public int rateLimitPerNetwork() {
        return nonNegativeInt(Setting.RATE_LIMIT_PER_NETWORK);
    }

    public int storeQueueEvents() {
        return positiveInt(Setting.STORE_QUEUE_EVENTS);
    }

    public int idleTimeoutMs() {
        return positiveInt(Setting.IDLE_TIMEOUT_MS);
    }

    public int minRequestDataRate() {
        return nonNegativeInt(Setting.MIN_REQUEST_DATA_RATE);
    }

    private static final java.util.regex.Pattern MEMORY = java.util.regex.Pattern.compile(
            "\\d{1,6}(\\.\\d{1,3})?\\s*(?i:KB|MB|GB|TB|KiB|MiB|GiB|TiB)");

    /** DuckDB's {@code memory_limit} ({@code 2GiB}); empty for DuckDB's default. Checked, so it can go into SQL. */
    public Optional<String> storeMemoryLimit() {
        Optional<String> v = optional(Setting.STORE_MEMORY_LIMIT);
        if (v.isPresent() && !MEMORY.matcher(v.get()).matches()) {
            throw new ConfigException(Setting.STORE_MEMORY_LIMIT.key() + " (" + Setting.STORE_MEMORY_LIMIT.environmentVariable()
                    + "): '" + ToolRegistration.printable(v.get()) + "' is not a size such as 512MiB or 2GiB");
        }
        return v;
    }

    public int retentionDays() {
        return positiveInt(Setting.RETENTION_DAYS);
    }

    public int publishK() {
        return positiveInt(Setting.PUBLISH_K);
    }

    public boolean autoPublish() {
        return bool(Setting.AUTO_PUBLISH);
    }

    /** The dashboard's admin token when one is configured; otherwise the collector generates one. */
    public Optional<String> adminToken() {
        Optional<String> v = optional(Setting.ADMIN_TOKEN);
        if (v.isPresent() && (v.get().length() < 16 || v.get().length() > 512 || !v.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new ConfigException(Setting.ADMIN_TOKEN.key() + " (" + Setting.ADMIN_TOKEN.environmentVariable()
                    + ") must be 16 to 512 printable characters without spaces");
        }
        return v;
    }

    /** Whether the dashboard records its own usage ({@code CANDOR_DASHBOARD_ENABLE_TELEMETRY=false} turns it off). */
    public boolean dashboardTelemetry() {
        return bool(Setting.DASHBOARD_ENABLE_TELEMETRY);
    }

    public int autoPublishDelayDays() {
        return nonNegativeInt(Setting.AUTO_PUBLISH_DELAY_DAYS);
    }

    /** True for {@code store = clickhouse}, which needs {@code clickhouse-url}; false for the embedded store. */
    public boolean clickhouseStore() {
        boolean clickhouse = either(Setting.STORE, "duckdb", "clickhouse");
        if (clickhouse) {
            clickhouseUrl();
        }
        return clickhouse;
    }

    /** True when the setting is {@code second}, false when it is {@code first}; anything else stops the start. */
    private boolean either(Setting s, String first, String second) {
        String v = text(s);
        if (!v.equals(first) && !v.equals(second)) {
            throw new ConfigException(s.key() + " (" + s.environmentVariable() + "): '" + ToolRegistration.printable(v)
                    + "' is not " + first + " or " + second);
        }
        return v.equals(second);
    }

    /** ClickHouse's HTTP interface; a {@link ConfigException} when it is missing or not an http URL of a host and port. */
    public java.net.URI clickhouseUrl() {
        String v = text(Setting.CLICKHOUSE_URL);
        String where = Setting.CLICKHOUSE_URL.key() + " (" + Setting.CLICKHOUSE_URL.environmentVariable() + ")";
        if (v.isEmpty()) {
            throw new ConfigException(where + " is needed with store clickhouse: http://HOST:8123");
        }
        try {
            java.net.URI u = new java.net.URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0
                    || u.getRawUserInfo() != null || u.getRawQuery() != null) {
                throw new java.net.URISyntaxException(v, "not http://HOST:PORT");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(where + ": '" + ToolRegistration.printable(v) + "' is not http://HOST:PORT");
        }
    }

    public String clickhouseDatabase() {
        String v = text(Setting.CLICKHOUSE_DATABASE);
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new ConfigException(Setting.CLICKHOUSE_DATABASE.key() + " (" + Setting.CLICKHOUSE_DATABASE.environmentVariable()
                    + "): '" + ToolRegistration.printable(v) + "' is not a plain name (letters, digits, _)");
        }
        return v;
    }

    /** True for {@code sink = kafka}, which needs {@code kafka-bootstrap}; false for the journal and embedded store. */
    public boolean kafkaSink() {
        boolean kafka = either(Setting.SINK, "store", "kafka");
        if (kafka) {
            kafkaBootstrap();
        }
        return kafka;
    }

    private static final java.util.regex.Pattern BROKERS = java.util.regex.Pattern.compile(
            "[A-Za-z0-9.\\[\\]:-]+:\\d{1,5}(,[A-Za-z0-9.\\[\\]:-]+:\\d{1,5})*");

    /** Kafka's bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}. */
    public String kafkaBootstrap() {
        String v = text(Setting.KAFKA_BOOTSTRAP);
        String where = Setting.KAFKA_BOOTSTRAP.key() + " (" + Setting.KAFKA_BOOTSTRAP.environmentVariable() + ")";
        if (v.isEmpty()) {
            throw new ConfigException(where + " is needed with Kafka: HOST:PORT[,HOST:PORT...]");
        }
        if (!BROKERS.matcher(v).matches()) {
            throw new ConfigException(where + ": '" + ToolRegistration.printable(v) + "' is not HOST:PORT[,HOST:PORT...]");
        }
        return v;
    }

    public String kafkaTopic() {
        String v = text(Setting.KAFKA_TOPIC);
        if (!v.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigException(Setting.KAFKA_TOPIC.key() + " (" + Setting.KAFKA_TOPIC.environmentVariable() + "): '"
                    + ToolRegistration.printable(v) + "' is not a Kafka topic name (letters, digits, . _ -)");
        }
        return v;
    }

    public int kafkaPartitions() {
        return positiveInt(Setting.KAFKA_PARTITIONS);
    }

    public int kafkaTimeoutMs() {
        return positiveInt(Setting.KAFKA_TIMEOUT_MS);
    }

    /** Where published files are written and served from: {@code <data-dir>/published}. */
    public Path publishedDir() {
        return dataDir().resolve("published");
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
        throw new ConfigException(s.key() + " (" + s.environmentVariable() + "): '" + ToolRegistration.printable(v)
                + "' is not true or false");
    }

    private static Path path(Setting s, String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(s.key() + " (" + s.environmentVariable() + "): '" + ToolRegistration.printable(value)
                    + "' is not a valid path");
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
            throw new ConfigException(s.key() + " (" + s.environmentVariable() + "): '" + ToolRegistration.printable(v)
                    + "' is not a whole number");
        }
    }

    private int positiveInt(Setting s) {
        int v = integer(s);
        if (v <= 0) {
            throw new ConfigException(s.key() + " (" + s.environmentVariable() + "): must be above 0, not " + v);
        }
        return v;
    }

    private int nonNegativeInt(Setting s) {
        int v = integer(s);
        if (v < 0) {
            throw new ConfigException(s.key() + " (" + s.environmentVariable() + "): must be 0 or more, not " + v);
        }
        return v;
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Collects values; {@link #build()} checks them all. */
    public static final class Builder {
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);
        private Path toolBase = Path.of("");

        private Builder() {
        }

        public Builder set(Setting setting, String value) {
            values.put(setting, value);
            return this;
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
                throw new ConfigException("cannot read config file " + file + ": " + e.getClass().getSimpleName());
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException("config file " + file + " is not UTF-8 text");
            }
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = file.getFileName() + " line " + (i + 1);
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(where + ": expected 'key = value', got '" + ToolRegistration.printable(line) + "'");
                }
                String key = line.substring(0, eq).strip();
                Setting s = Setting.byKey(key);
                if (s == null) {
                    String hint = Setting.nearestKey(key);
                    throw new ConfigException(where + ": unknown setting '" + ToolRegistration.printable(key) + "'"
                            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
                }
                values.put(s, line.substring(eq + 1).strip());
            }
            Path parent = file.toAbsolutePath().getParent();
            toolBase = parent == null ? Path.of("") : parent;
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
                            throw new ConfigException("tools: '" + t.id() + "' repeats the id or the key of '" + other.id() + "'");
                        }
                    }
                    tools.add(t);
                }
            }
            if (tools.isEmpty()) {
                tools.add(ToolRegistration.forgeDemo());
            }
            return new CollectorConfig(values, tools);
        }
    }
}
