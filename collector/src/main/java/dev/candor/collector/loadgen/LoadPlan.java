package dev.candor.collector.loadgen;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * What a load run sends, frozen and checked at {@link Builder#build()}.
 *
 * <pre>{@code
 * LoadPlan plan = LoadPlan.builder().url(URI.create("http://127.0.0.1:4318")).eventsPerSecond(50_000)
 *         .duration(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>Defaults: {@code http://127.0.0.1:4318}, forge's public ingest key, 10,000 machines, 100 events
 * per request, 16 connections, as fast as possible, 30 seconds, no {@code X-Forwarded-For}, seed 1,
 * 30 s request timeout.
 */
public final class LoadPlan {
    private final URI logsUrl;
    private final String key;
    private final String tool;
    private final int machines;
    private final int batch;
    private final int connections;
    private final long eventsPerSecond;
    private final Duration duration;
    private final long events;
    private final boolean forwardedFor;
    private final long seed;
    private final Duration timeout;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final boolean repeatableIds;
    private final java.nio.file.Path caFile;

    private LoadPlan(Builder b) {
        this.logsUrl = logsUrl(b.url);
        this.key = b.key;
        this.tool = b.tool;
        this.machines = b.machines;
        this.batch = b.batch;
        this.connections = b.connections;
        this.eventsPerSecond = b.eventsPerSecond;
        this.duration = b.duration;
        this.events = b.events;
        this.forwardedFor = b.forwardedFor;
        this.seed = b.seed;
        this.timeout = b.timeout;
        this.windowStart = b.windowStart;
        this.windowEnd = b.windowEnd;
        this.repeatableIds = b.repeatableIds;
        this.caFile = b.caFile;
    }

    /** A PEM file of CA certificates to trust besides the JVM's, for a collector with a private CA. */
    public java.util.Optional<java.nio.file.Path> caFile() {
        return java.util.Optional.ofNullable(caFile);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://host:port} or a base with a path becomes {@code .../v1/logs}, as the SDK appends it. */
    static URI logsUrl(URI base) {
        String s = base.toString();
        if (s.endsWith("/v1/logs")) {
            return base;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/v1/logs");
    }

    public URI logsUrl() {
        return logsUrl;
    }

    public String key() {
        return key;
    }

    public String tool() {
        return tool;
    }

    public int machines() {
        return machines;
    }

    public int batch() {
        return batch;
    }

    public int connections() {
        return connections;
    }

    /** The paced rate; 0 means as fast as the connections allow. */
    public long eventsPerSecond() {
        return eventsPerSecond;
    }

    /** How long requests are started; ignored when {@link #events()} is set. */
    public Duration duration() {
        return duration;
    }

    /** How many events to send in all; 0 means until {@link #duration()} has passed. */
    public long events() {
        return events;
    }

    public boolean forwardedFor() {
        return forwardedFor;
    }

    public long seed() {
        return seed;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Start of the time window events are spread over; null: events happen now. */
    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }

    /** Whether {@code log.record.uid}s follow from the seed, so that a rerun resends the same events. */
    public boolean repeatableIds() {
        return repeatableIds;
    }

    /** Collects the settings; {@link #build()} checks them. */
    public static final class Builder {
        private URI url = URI.create("http://127.0.0.1:4318");
        private String key = "forge-public-ingest-key";
        private String tool = "forge";
        private int machines = 10_000;
        private int batch = 100;
        private int connections = 16;
        private long eventsPerSecond;
        private Duration duration = Duration.ofSeconds(30);
        private long events;
        private boolean forwardedFor;
        private long seed = 1;
        private Duration timeout = Duration.ofSeconds(30);
        private Instant windowStart;
        private Instant windowEnd;
        private boolean repeatableIds;
        private java.nio.file.Path caFile;

        private Builder() {}

        /** Trust the CA certificates of this PEM file too (an HTTPS collector with a private CA). */
        public Builder caFile(java.nio.file.Path file) {
            this.caFile = file;
            return this;
        }

        /**
         * Spreads the events' times over {@code [start, end)} instead of "now": a quarter of use sent
         * in seconds, as {@code candor demo} does.
         */
        public Builder window(Instant start, Instant end) {
            this.windowStart = start;
            this.windowEnd = end;
            return this;
        }

        /** Event ids from the seed: a rerun with the same seed sends the same events, which the collector keeps once. */
        public Builder repeatableIds(boolean repeatable) {
            this.repeatableIds = repeatable;
            return this;
        }

        /** The collector's base URL ({@code /v1/logs} is appended) or the full logs URL. */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder tool(String tool) {
            this.tool = tool;
            return this;
        }

        public Builder machines(int machines) {
            this.machines = machines;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        public Builder eventsPerSecond(long eventsPerSecond) {
            this.eventsPerSecond = eventsPerSecond;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder events(long events) {
            this.events = events;
            return this;
        }

        public Builder forwardedFor(boolean forwardedFor) {
            this.forwardedFor = forwardedFor;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range */
        public LoadPlan build() {
            String scheme = url == null ? null : url.getScheme();
            require(
                    url != null && ("http".equals(scheme) || "https".equals(scheme)) && url.getHost() != null,
                    "url must be an http:// or https:// URL with a host");
            require(
                    key != null && !key.isBlank() && key.chars().allMatch(c -> c > 0x20 && c < 0x7f),
                    "key must be printable characters without spaces");
            require(tool != null && tool.matches("[a-z0-9][a-z0-9._-]{0,63}"), "tool must be a Candor tool id");
            require(machines >= 1, "machines must be at least 1");
            require(batch >= 1 && batch <= 10_000, "batch must be 1 to 10000 events");
            require(connections >= 1 && connections <= 1024, "connections must be 1 to 1024");
            require(eventsPerSecond >= 0, "rate must be 0 (as fast as possible) or more");
            require(events >= 0, "events must be 0 (use the duration) or more");
            require(
                    events > 0 || duration != null && !duration.isNegative() && !duration.isZero(),
                    "duration must be above 0 when no event count is given");
            require(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be above 0");
            require(
                    (windowStart == null) == (windowEnd == null)
                            && (windowStart == null || windowStart.isBefore(windowEnd)),
                    "the time window must have a start before its end");
            return new LoadPlan(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
