package dev.candor.collector.dashboard;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, in memory only: a restart logs everyone out. A session id and its CSRF token
 * are 256 random bits each; a session ends after {@link #IDLE} without requests, after {@link #MAX_AGE}
 * in all, or at logout. At most {@link #MAX_SESSIONS} live at once; the oldest goes first.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofHours(8);
    static final Duration MAX_AGE = Duration.ofHours(24);
    static final int MAX_SESSIONS = 1000;

    /**
     * One logged-in browser. {@code id} goes into the cookie, {@code csrf} into the page's requests;
     * {@code telemetryId}, a random UUID unrelated to both, is the session id of the dashboard's own
     * telemetry, which is stored with the events: whoever can read events must not be able to log in.
     */
    static final class Session {
        private final String id;
        private final String csrf;
        private final String telemetryId = java.util.UUID.randomUUID().toString();
        private final Instant created;
        private volatile Instant lastSeen;

        private Session(String id, String csrf, Instant created) {
            this.id = id;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
        }

        String id() {
            return id;
        }

        String csrf() {
            return csrf;
        }

        /** The session id sent as {@code session.id} in the dashboard's own telemetry. */
        String telemetryId() {
            return telemetryId;
        }

        Instant created() {
            return created;
        }
    }

    private final Map<String, Session> live = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Session create() {
        Instant now = clock.instant();
        live.values().removeIf(s -> expired(s, now));
        while (live.size() >= MAX_SESSIONS) {
            live.values().stream().min(Comparator.comparing(Session::created)).ifPresent(s -> live.remove(s.id()));
        }
        Session s = new Session(token(), token(), now);
        live.put(s.id(), s);
        return s;
    }

    /** The live session with this id, touched; empty for unknown, expired or malformed ids. */
    Optional<Session> find(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        Session s = live.get(id);
        Instant now = clock.instant();
        if (s == null || expired(s, now)) {
            if (s != null) {
                live.remove(id);
            }
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    void end(Session s) {
        live.remove(s.id());
    }

    /** Whether {@code given} is this session's CSRF token (constant time). */
    static boolean csrfMatches(Session s, String given) {
        return given != null
                && MessageDigest.isEqual(
                        s.csrf().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        given.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen.plus(IDLE)) || now.isAfter(s.created().plus(MAX_AGE));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
