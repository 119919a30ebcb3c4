package dev.candor.collector.config;

import java.util.List;
import java.util.Locale;

/**
 * Every setting of the collector, with its config-file key, its environment variable and its
 * default. One table, so that the docs, the error messages and the loader cannot disagree.
 */
public enum Setting {
    HOST("host", "127.0.0.1", "address to listen on; 0.0.0.0 for every interface"),
    PORT("port", "4318", "TCP port; 0 picks a free one"),
    ADMIN_PORT(
            "admin-port",
            "",
            "a second port for /metrics and the dashboard, which port then does not serve; empty: both on port"),
    ADMIN_HOST("admin-host", "127.0.0.1", "address of admin-port"),
    DATA_DIR("data-dir", "./candor-data", "folder of the embedded store, its journal and the server secret"),
    TOOLS("tools", "", "registered tools as id:key[:catalog.json], comma-separated; none means forge's demo key"),
    SERVER_SECRET(
            "server-secret",
            "",
            "key for re-hashing machine ids (at least 32 characters); "
                    + "empty: generated into the data folder on first start"),
    TRUSTED_PROXIES("trusted-proxies", "", "proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated)"),
    GEO_DATABASE("geo-database", "", "country database in MaxMind DB format; empty: the bundled DB-IP lite snapshot"),
    TLS_KEYSTORE("tls-keystore", "", "PKCS12 keystore; when set the collector speaks HTTPS only"),
    TLS_KEYSTORE_PASSWORD("tls-keystore-password", "", "password of the keystore"),
    MAX_BODY_BYTES("max-body-bytes", "4194304", "largest request body, after decompression"),
    MAX_RECORDS_PER_REQUEST("max-records-per-request", "10000", "most log records in one request"),
    MAX_ATTRIBUTES_PER_RECORD("max-attributes-per-record", "128", "most attributes on one record or resource"),
    MAX_STRING_LENGTH("max-string-length", "8192", "longest string value; longer ones are cut"),
    RATE_LIMIT_PER_KEY("rate-limit-per-key", "5000", "requests per second per ingest key; 0 turns it off"),
    RATE_LIMIT_PER_NETWORK(
            "rate-limit-per-network", "200", "requests per second per client /24 (IPv6 /48); 0 turns it off"),
    OWNER_REQUESTS_PER_MINUTE(
            "owner-requests-per-minute",
            "10",
            "access and erasure requests (/v1/access, /v1/forget) per minute per client /24 (IPv6 /48); 0 turns"
                    + " the limit off"),
    STORE_QUEUE_EVENTS(
            "store-queue-events",
            "200000",
            "events acknowledged but not yet committed to DuckDB before new requests get 503"),
    IDLE_TIMEOUT_MS(
            "idle-timeout-ms",
            "30000",
            "connections idle this long are closed, including one whose body stopped half-way (answered 408)"),
    MIN_REQUEST_DATA_RATE(
            "min-request-data-rate",
            "1024",
            "bytes per second, per request, below which a body that has "
                    + "been arriving for over a second is cut off (408); 0 turns it off"),
    STORE_MEMORY_LIMIT(
            "store-memory-limit", "", "DuckDB's memory limit, such as 2GiB; empty: DuckDB's default, 80 % of the RAM"),
    RETENTION_DAYS(
            "retention-days", "90", "raw events older than this many days are deleted daily; aggregates are kept"),
    PUBLISH_K("publish-k", "10", "fewest distinct machines behind a published row"),
    PUBLISH_PERIOD(
            "publish-period",
            "day",
            "what one published row covers: day (the .NET CLI's files), week or month, for fleets too small for"
                    + " daily rows"),
    AUTO_PUBLISH("auto-publish", "false", "publish each tool's quarter by itself once the quarter has ended"),
    AUTO_PUBLISH_DELAY_DAYS("auto-publish-delay-days", "3", "days after a quarter's end before auto-publish writes it"),
    STORE(
            "store",
            "duckdb",
            "where aggregate, publish and retention read: duckdb (the embedded store in data-dir) "
                    + "or clickhouse (clickhouse-url); with sink kafka, where serve's dashboard reads; serve with sink store "
                    + "refuses store clickhouse (its events would go into the embedded store while its dashboard showed ClickHouse)"),
    CLICKHOUSE_URL(
            "clickhouse-url", "", "ClickHouse's HTTP interface, http://HOST:8123, for store clickhouse and the loader"),
    CLICKHOUSE_DATABASE(
            "clickhouse-database", "candor", "ClickHouse database of Candor's tables (created when missing)"),
    SINK(
            "sink",
            "store",
            "where serve puts accepted events: store (journal, then the embedded store) or kafka (stateless)"),
    KAFKA_BOOTSTRAP("kafka-bootstrap", "", "Kafka brokers as HOST:PORT[,HOST:PORT...], for sink kafka and the loader"),
    KAFKA_TOPIC("kafka-topic", "candor-events", "the topic of accepted events and erasure requests"),
    KAFKA_PARTITIONS(
            "kafka-partitions",
            "12",
            "partitions of the topic when Candor creates it (the most loaders that share work)"),
    KAFKA_TIMEOUT_MS("kafka-timeout-ms", "5000", "longest wait for Kafka's acknowledgement before a client gets 503"),
    ADMIN_TOKEN(
            "admin-token",
            "",
            "the dashboard's admin token (at least 16 characters); empty: generated on first start, "
                    + "printed once, kept only as a hash in the data folder"),
    DASHBOARD_ENABLE_TELEMETRY(
            "dashboard-enable-telemetry",
            "true",
            "the dashboard records its own usage as the tool candor-dashboard (docs/PRIVACY.md); false turns it off"),
    LOG_FORMAT("log-format", "text", "log lines on stderr: text (key=value, UTC times) or json (one object per line)");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The config-file key, also the long flag name where there is one: {@code max-body-bytes}. */
    public String key() {
        return key;
    }

    /** {@code CANDOR_MAX_BODY_BYTES} for {@code max-body-bytes}. */
    public String environmentVariable() {
        return "CANDOR_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** The known key nearest to a misspelt one, for "did you mean" hints; null when none is close. */
    static String nearestKey(String unknown) {
        return Nearest.of(
                unknown, java.util.Arrays.stream(values()).map(Setting::key).toList());
    }

    static List<Setting> all() {
        return List.of(values());
    }
}
