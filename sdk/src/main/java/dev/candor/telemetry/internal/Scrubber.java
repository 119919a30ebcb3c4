package dev.candor.telemetry.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where identifying strings are removed before anything is written to disk or sent.
 *
 * <p>Privacy is only as strong as the weakest call site, so every event field, error message and
 * stack trace goes through this class and nothing else decides what is "safe". Two kinds of rule:
 * <ul>
 *   <li><b>Whole-value</b>: e-mail addresses, URLs with credentials, tokens and {@code key=value}
 *   secrets replace the <em>entire</em> value, because the text around a secret (a command line, a
 *   URL, a config line) tends to identify it as well, and masking only the part we recognise leaks
 *   whatever format we did not anticipate.</li>
 *   <li><b>In-place</b>: user file paths and IP addresses are swapped for a placeholder and the rest
 *   is kept, so stack traces and error messages stay useful for triage.</li>
 * </ul>
 * The length cap comes last so truncation can never cut a secret in half and slip it past a rule.
 * Every rule errs on the side of redacting: a lost diagnostic is cheap, a leaked home directory or
 * token is not. Scrubbing is idempotent, and a value no rule touches is returned as the same
 * instance without allocating, because this runs on the CLI's start-up path.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Scrubber {
    public static final String USER_PATH = "<REDACTED: user-file-path>";
    public static final String EMAIL = "<REDACTED: email>";
    public static final String CREDENTIAL_URL = "<REDACTED: url-with-credentials>";
    public static final String TOKEN = "<REDACTED: token>";
    public static final String SECRET = "<REDACTED: secret>";
    public static final String IP = "<REDACTED: ip-address>";
    public static final int DEFAULT_MAX_LENGTH = 1000;

    // Names that make the value after "=", ":" or a space a secret. A bare "key" counts because
    // config dumps are full of SIGNING_KEY=..., and over-redacting "sort-key=name" is harmless.
    private static final String KW = "(?i:api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|key"
            + "|token|secret|passw(?:or)?d|passphrase|pwd|authorization|auth|credentials?)";
    // A keyword must start a word (DB_PASSWORD) or a camelCase hump (keyStorePassword) so that
    // "monkey=1" and "tokenizer" survive.
    private static final String KW_START = "(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))";
    private static final String SECRET_ASSIGN = KW_START + KW + "[\"']?\\s*[=:]\\s*[\"']?[^\\s\"',;&]";
    // "--password hunter2": the next word must not look like another flag ("--token --verbose").
    private static final String SECRET_FLAG = "(?<![\\w-])--?(?:[\\w.-]*[-_.]|[\\w-]*[a-z0-9](?=[A-Z]))?"
            + KW + "\\s+(?![-\"'])\\S";

    // Any user part identifies someone or is a credential, except the conventional service accounts
    // in ssh://git@github.com/... which say nothing about the person.
    private static final String CREDENTIAL_URLS = "(?<![\\w+.-])[A-Za-z][\\w+.-]*://(?!(?i:git|hg|anonymous)@)"
            + "[^\\s/?#@]+@[^\\s/?#@]";
    private static final String TOKENS = "eyJ[\\w-]{5,}\\.eyJ[\\w-]{5,}\\.[\\w-]*"
            + "|(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}|(?<![A-Za-z0-9])github_pat_\\w{22,}"
            + "|(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}|hooks\\.slack\\.com/services/\\w"
            + "|AIza[\\w-]{35}|ya29\\.[\\w-]{10,}|(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"
            + "|(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}|(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{10,}"
            + "|-----BEGIN[A-Z0-9 ]*PRIVATE KEY"
            // Plain words after "Basic"/"Bearer" ("Basic authentication failed") are prose, not
            // credentials: demand a digit, base64 punctuation or a lower-to-upper case change.
            + "|(?<![A-Za-z])(?i:bearer|basic)\\s+(?![/~.])(?=[\\w.~+/=-]{8})(?=[\\w.~+/-]*(?:\\d|[+/=]|[a-z][A-Z]))";
    // The local part may not follow "/" so that ssh://git@github.com/x is not an address.
    private static final String EMAILS = "(?<![\\w.%+/-])[\\w.%+-]+@[A-Za-z0-9-]+"
            + "(?:\\.[A-Za-z0-9-]+){0,10}\\.[A-Za-z]{2,}(?![\\w-])";

    // One pattern so a value is scanned once; the leftmost hit decides the placeholder.
    private static final Pattern WHOLE = Pattern.compile("(?<url>" + CREDENTIAL_URLS + ")|(?<token>" + TOKENS
            + ")|(?<email>" + EMAILS + ")|(?<secret>" + SECRET_ASSIGN + "|" + SECRET_FLAG + ")");

    // Where a path ends is decided in code (pathEnd), not by the regex: a repeated alternation would
    // recurse once per character in java.util.regex and overflow the stack on long paths.
    private static final String TERMINATORS = " \t\n\u000B\f\r\"'`()<>|,;:[]";
    private static final String TERM = "\\s\"'`()<>|,;:\\[\\]";
    private static final String POSIX_ROOTS = "/(?:home|Users|root|var/home|export/home|tmp|var/tmp|private/tmp"
            + "|var/folders|private/var/folders|run/user|media|Volumes|mnt/[A-Za-z])/|/root(?![^/" + TERM + "])";
    // Every drive-letter path goes: unlike /usr or /opt there is no Windows root that is safe to keep.
    private static final String WINDOWS = "[A-Za-z]:[\\\\/]|\\\\{2,}[\\w.$?-]+\\\\+"
            + "|%(?i:USERPROFILE|HOMEPATH|HOMEDRIVE|HOMESHARE|APPDATA|LOCALAPPDATA|TEMP|TMP|ONEDRIVE)%";
    private static final String OTHER_HOMES = "~[\\w.-]*[/\\\\]|\\$\\{?(?:HOME|TMPDIR)\\}?(?=[/\\\\])";
    // Not inside a word or URL ("example.com/home/x"), except right after a one-letter flag ("-L/home/x").
    private static final String PATH_START = "(?:(?<![\\w.~/\\\\])|(?<=^-[A-Za-z])|(?<=\\s-[A-Za-z]))";
    // The "/" prefix catches Java's "/C:/Users/..." from URL.getPath().
    private static final String URI_PREFIX = "(?:(?i:file:))?/{0,3}";
    private static final String USER_PATH_STARTS = PATH_START + URI_PREFIX
            + "(?:" + POSIX_ROOTS + "|" + WINDOWS + "|" + OTHER_HOMES + ")";

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";
    private static final String H = "[0-9A-Fa-f]{1,4}";
    // Compressed forms need "::" plus a group, full forms eight groups, so "12:30:45" and a lone "::" survive.
    private static final String IPV6 = "(?:" + H + ":){6}" + IPV4 + "|(?:(?:" + H + ":){0,5}|:):(?:" + H + ":){0,5}"
            + IPV4 + "|(?:" + H + ":){7}" + H + "|(?:" + H + ":){1,7}:|(?:" + H + ":){1,6}:" + H
            + "|(?:" + H + ":){1,5}(?::" + H + "){1,2}|(?:" + H + ":){1,4}(?::" + H + "){1,3}"
            + "|(?:" + H + ":){1,3}(?::" + H + "){1,4}|(?:" + H + ":){1,2}(?::" + H + "){1,5}"
            + "|" + H + ":(?::" + H + "){1,6}|:(?::" + H + "){1,7}";
    private static final String IPS = "(?<![\\w:.])(?:" + IPV6 + ")(?:%[\\w.]+)?(?![\\w:]|\\.\\d)"
            + "|(?<![\\w.])" + IPV4 + "(?!\\w|\\.\\d)";
    private static final String IN_PLACE_IPS = "|(?<ip>" + IPS + ")";

    // Characters without which no rule can match, bar long word runs (tokens) and flag/Bearer pairs.
    private static final String TRIGGERS = "/\\@=:.~%";
    private static final int TOKEN_RUN = 15;
    private static final int BEARER_RUN = 8;

    private static final Scrubber STANDARD = new Scrubber(Pattern.compile(USER_PATH_STARTS + IN_PLACE_IPS), false);

    private final Pattern inPlace;
    private final boolean alwaysScan;

    private Scrubber(Pattern inPlace, boolean alwaysScan) {
        this.inPlace = inPlace;
        this.alwaysScan = alwaysScan;
    }

    /** Scrubber with the built-in rules only. */
    public static Scrubber standard() {
        return STANDARD;
    }

    /**
     * Built-in rules plus literal local paths (home dir, current dir, temp dir) that are replaced
     * wherever they occur as a path prefix (case-sensitive; null, blank, "/" and literals shorter
     * than 4 chars are ignored because they would match almost anything).
     */
    public static Scrubber withLocalPaths(Collection<String> localPaths) {
        Objects.requireNonNull(localPaths, "localPaths");
        List<String> literals = new ArrayList<>();
        for (String path : localPaths) {
            if (path == null) {
                continue;
            }
            String p = path.strip();
            // "/srv/x/" must also match "/srv/x" at the end of a message.
            while (p.length() > 1 && (p.endsWith("/") || p.endsWith("\\"))) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.length() >= 4 && !literals.contains(p)) {
                literals.add(p);
            }
        }
        if (literals.isEmpty()) {
            return STANDARD;
        }
        literals.sort(Comparator.comparingInt(String::length).reversed()); // longest literal wins
        StringBuilder alternatives = new StringBuilder();
        boolean alwaysScan = false;
        for (String literal : literals) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(literal));
            alwaysScan |= literal.chars().noneMatch(c -> TRIGGERS.indexOf(c) >= 0);
        }
        // Literals take no word boundary: the project path is sensitive even inside a URL.
        String local = URI_PREFIX + "(?:" + alternatives + ")";
        return new Scrubber(Pattern.compile(local + "|" + USER_PATH_STARTS + IN_PLACE_IPS), alwaysScan);
    }

    /** Scrubs then caps to {@link #DEFAULT_MAX_LENGTH} chars. {@code null} stays {@code null}. */
    public String scrub(String value) {
        return scrub(value, DEFAULT_MAX_LENGTH);
    }

    /**
     * Scrubs then caps to {@code maxLength} chars. The cap is applied after scrubbing; if the value is
     * cut, the result ends with "…" and is at most {@code maxLength} chars.
     */
    public String scrub(String value, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        return value == null ? null : cap(redact(value), maxLength);
    }

    private String redact(String value) {
        if (!alwaysScan && !mayMatch(value)) {
            return value;
        }
        Matcher whole = WHOLE.matcher(value);
        if (whole.find()) {
            return whole.start("url") >= 0 ? CREDENTIAL_URL
                    : whole.start("token") >= 0 ? TOKEN
                    : whole.start("email") >= 0 ? EMAIL
                    : SECRET;
        }
        Matcher m = inPlace.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int copied = 0;
        do {
            int end = m.end();
            String placeholder = IP;
            if (m.start("ip") < 0) {
                placeholder = USER_PATH;
                end = pathEnd(value, end);
                // A sentence's full stop is not part of the path; keep it.
                while (end > m.end() && value.charAt(end - 1) == '.') {
                    end--;
                }
            }
            out.append(value, copied, m.start()).append(placeholder);
            copied = end;
        } while (copied < value.length() && m.find(copied));
        return out.append(value, copied, value.length()).toString();
    }

    // A path runs to a terminator. ":" stays inside only before a separator, so "x.txt:12" and .NET's
    // "Cli.cs:line 42" keep their suffix while "a.jar:/b.jar" stays whole. A space stays inside only
    // when the next word reaches a separator, so "C:\Users\Ann Smith\x" goes whole but
    // "/home/ann/x is missing" keeps its words.
    private static int pathEnd(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (TERMINATORS.indexOf(c) < 0
                    || (c == ':' && i + 1 < n && isSeparator(s.charAt(i + 1)))
                    || (c == ' ' && nextWordReachesSeparator(s, i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean nextWordReachesSeparator(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSeparator(c)) {
                return i > from;
            }
            if (TERMINATORS.indexOf(c) >= 0 || c == '*' || c == '?') {
                return false;
            }
        }
        return false;
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    // One pass over the chars decides whether any regex can match: most telemetry values are
    // short words like "build" or "linux-x64" and must cost nothing.
    private static boolean mayMatch(String s) {
        int run = 0;
        boolean space = false;
        boolean dash = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (TRIGGERS.indexOf(c) >= 0) {
                return true;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                dash |= c == '-';
                if (++run >= TOKEN_RUN || (space && run >= BEARER_RUN)) {
                    return true;
                }
            } else {
                space |= Character.isWhitespace(c);
                run = 0;
            }
        }
        return space && dash;
    }

    private static String cap(String s, int maxLength) {
        if (s.length() <= maxLength) {
            return s;
        }
        int cut = maxLength - 1;
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--; // never leave half a surrogate pair
        }
        return s.substring(0, cut) + "…";
    }
}
