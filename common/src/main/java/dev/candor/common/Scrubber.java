package dev.candor.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where identifying strings are removed before anything is written to disk or sent:
 * privacy is only as strong as the weakest call site, so no other code decides what is "safe".
 *
 * <p>URLs with credentials, tokens, e-mail addresses and {@code key=value} secrets (checked in that
 * order) replace the <em>whole</em> value, because the text around a secret tends to identify it
 * too and masking only the part we recognise leaks formats we did not anticipate. User file paths
 * and IP addresses are replaced <em>in place</em>, so stack traces stay useful for triage. The cap
 * comes last so truncation can never cut a secret in half and slip it past a rule. Rules err on
 * the side of redacting: a lost diagnostic is cheap, a leaked home directory is not.
 *
 * <p>Idempotent, immutable and thread-safe. This runs on the CLI's start-up path, so a cheap
 * pre-check keeps typical values away from regex and an untouched value is returned as is.
 */
public final class Scrubber {
    public static final String USER_PATH = "<REDACTED: user-file-path>";
    public static final String EMAIL = "<REDACTED: email>";
    public static final String CREDENTIAL_URL = "<REDACTED: url-with-credentials>";
    public static final String TOKEN = "<REDACTED: token>";
    public static final String SECRET = "<REDACTED: secret>";
    public static final String IP = "<REDACTED: ip-address>";
    public static final int DEFAULT_MAX_LENGTH = 1000;

    // java.util.regex tries every start position: each pattern opens with a cheap test to reject most.

    // Any user part is a person or a credential, except the service accounts of ssh://git@github.com/x.
    private static final LazyPattern CREDENTIAL_URLS = new LazyPattern(
            "(?<![\\w+.-])[A-Za-z][\\w+.-]{0,31}://(?!(?i:git|hg|anonymous)@)[^\\s/?#@]{1,256}@[^\\s/?#@]");
    private static final LazyPattern TOKENS = new LazyPattern("(?<![\\w-])(?:eyJ[\\w-]{5,512}\\.eyJ[\\w-]{5}"
            + "|gh[pousr]_[A-Za-z0-9]{36}|github_pat_\\w{22}|xox[abposr]-[A-Za-z0-9-]{10}|AIza[\\w-]{35}"
            + "|ya29\\.[\\w-]{10}|(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])|npm_[A-Za-z0-9]{36}"
            + "|[sr]k_(?:live|test)_[A-Za-z0-9]{10}|hooks\\.slack\\.com/services/\\w|-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY"
            // GitLab, OpenAI, Hugging Face and Slack app tokens; an Azure SAS signature in a query or a
            // connection string.
            + "|glpat-[\\w-]{20}|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20}|hf_[A-Za-z0-9]{30}|xapp-\\d-[A-Za-z0-9-]{10}"
            + "|(?<=[?&;])sig=[\\w%+/=-]{10}|SharedAccessSignature\\s{1,16}\\w{1,16}="
            // Plain words after Basic/Bearer ("Basic authentication failed") are prose, not credentials:
            // demand 8+ chars with a digit, base64 punctuation or a lower-to-upper case change,
            // or 16+ chars, longer than prose words ("Basic authentication" stays).
            + "|(?i:bearer|basic)\\s{1,16}(?![/~.])(?=[\\w.~+/=-]{8})(?:(?=[\\w.~+/-]{0,256}(?:\\d|[+/=]|[a-z][A-Z]))"
            + "|(?=[\\w.~+/=-]{16})))");
    // The local part may not follow "/" so that ssh://git@github.com/x is not an address.
    private static final LazyPattern EMAILS = new LazyPattern(
            "(?<![\\w.%+/-])[\\w.%+-]{1,256}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,63}(?![\\w-])");
    // A bare "key" counts (SIGNING_KEY=...); over-redacting "sort-key=name" is harmless.
    private static final String KW = "(?i:api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|key"
            + "|token|secret|passw(?:or)?d|passphrase|pwd|authorization|auth|credentials?)";
    // The name must start a word (DB_PASSWORD) or a camelCase hump (keyStorePassword) so that
    // "monkey=1" and "tokenizer" survive. A flag with a secret name and a value ("--db-password x") is
    // found by flagSecret(), in code: as a pattern, every '-' of "-.-.-." started a scan of the rest.
    private static final LazyPattern SECRETS = new LazyPattern("(?=[aAcCkKpPsStT])(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])"
            + "(?=[A-Z]))" + KW + "[\"']?\\s{0,16}[=:]\\s{0,16}[\"']?[^\\s\"',;&]");
    /** KW's spellings, lower case, longest first where one is the start of another. */
    private static final String[] KW_WORDS = {
        "api_key",
        "api-key",
        "apikey",
        "access_key",
        "access-key",
        "accesskey",
        "private_key",
        "private-key",
        "privatekey",
        "client_secret",
        "client-secret",
        "clientsecret",
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "authorization",
        "auth",
        "credentials",
        "credential"
    };
    /** How many characters a flag may have before its secret name ("--spring.datasource.hikari.password"). */
    private static final int FLAG_PREFIX = 101;

    // Only the start of a user path is a pattern; pathEnd() finds the end in code, because a repeated
    // alternation recurses once per char in java.util.regex and overflows the stack on long paths.
    private static final String TERMINATORS = " \t\n\u000B\f\r\"'`()<>|,;:[]";
    private static final String POSIX_ROOTS = "/(?:home|Users|users|srv/users|srv/home|net/home|nfs/home|usr/home|root"
            + "|var/home|export/home|tmp|var/tmp|private/tmp"
            + "|var/folders|private/var/folders|run/user|media|Volumes|mnt/[A-Za-z])/"
            + "|/root(?![^/\\s\"'`()<>|,;:\\[\\]])";
    // Every drive-letter path goes: unlike /usr or /opt there is no Windows root that is safe to keep.
    private static final String WINDOWS = "[A-Za-z]:[\\\\/]|\\\\{2,8}[\\w.$?-]{1,255}\\\\{1,8}"
            + "|%(?i:USERPROFILE|HOMEPATH|HOMEDRIVE|HOMESHARE|APPDATA|LOCALAPPDATA|TEMP|TMP|ONEDRIVE)%";
    private static final String OTHER_HOMES = "~[\\w.-]{0,64}[/\\\\]|\\$\\{?(?:HOME|TMPDIR)\\}?(?=[/\\\\])";
    // "file:" URIs (file://localhost/home/... too); the bare "/" catches Java's "/C:/Users/..." from URL.getPath().
    private static final String URI_PREFIX = "(?:(?i:file:)(?://(?i:localhost)(?=/))?)?/{0,3}";
    // Not inside a word or URL ("example.com/home/x"), except right after a one-letter flag ("-L/home/x").
    private static final String PATH_START = "(?:(?<![\\w.~/\\\\])|(?<=^-[A-Za-z])|(?<=\\s-[A-Za-z]))" + URI_PREFIX;
    private static final String USER_PATH_STARTS = "(?=[/\\\\~%$fF]|[A-Za-z]:[\\\\/])" + PATH_START + "(?:"
            + POSIX_ROOTS + "|" + WINDOWS + "|" + OTHER_HOMES + ")";
    // An octet may be written with leading zeros ("192.168.001.020"), three digits at most.
    private static final String IPV4 =
            "O(?:\\.O){3}".replace("O", "(?:25[0-5]|2[0-4]\\d|1\\d\\d|0?[1-9]\\d|0{0,2}\\d)");
    // Not part of a longer dotted or digit run, so "1.2.3.4.5" and "v1.2.3.4" are versions, not hosts.
    // An IPv4 address inside hex groups and colons that the IPv6 rule did not take ("b8::3.0.1.8::1:1")
    // goes with them: redacting the address alone would leave "b8::" and "::1", which a second pass
    // would redact in turn, and scrubbing must give the same text when run again.
    private static final LazyPattern IPV4S = new LazyPattern("(?=[\\dA-Fa-f:])(?:(?<![\\w.:])(?:[0-9A-Fa-f]{0,4}:){1,8}"
            + IPV4 + "(?::[0-9A-Fa-f]{0,4}){0,8}(?!\\.\\d)|(?<![\\w.])" + IPV4 + "(?!\\w|\\.\\d))");
    // Compressed forms need "::" and a group, full ones eight groups: "12:30:45" and a lone "::" survive.
    private static final LazyPattern IPV6S = new LazyPattern(("(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)(?<![\\w:.])(?:"
                    + "(?:H:){6}V4|(?:(?:H:){0,5}|:):(?:H:){0,5}V4|(?:H:){7}H|(?:H:){1,7}:|(?:H:){1,6}:H"
                    + "|(?:H:){1,5}(?::H){1,2}|(?:H:){1,4}(?::H){1,3}|(?:H:){1,3}(?::H){1,4}|(?:H:){1,2}(?::H){1,5}"
                    + "|H:(?::H){1,6}|:(?::H){1,7})(?:%[\\w.]{1,64})?(?![\\w:]|\\.\\d)")
            .replace("H", "[0-9A-Fa-f]{1,4}")
            .replace("V4", IPV4));

    private static final Scrubber STANDARD = new Scrubber(new LazyPattern(USER_PATH_STARTS), false);

    private final LazyPattern userPaths;
    private final boolean alwaysScanPaths;

    private Scrubber(LazyPattern userPaths, boolean alwaysScanPaths) {
        this.userPaths = userPaths;
        this.alwaysScanPaths = alwaysScanPaths;
    }

    /** Scrubber with the built-in rules only. */
    public static Scrubber standard() {
        return STANDARD;
    }

    /**
     * Built-in rules plus literal local paths (home dir, current dir, temp dir) that are replaced,
     * case-sensitively, wherever a path in the value starts with them, together with the rest of that
     * path. Null, blank, "/" and literals shorter than 4 chars are ignored: they would match anything.
     */
    public static Scrubber withLocalPaths(Collection<String> localPaths) {
        // Loops, not streams: lambdas and regex cost a fresh CLI JVM milliseconds to start.
        List<String> literals = new ArrayList<>();
        for (String path : localPaths) {
            if (path == null) {
                continue;
            }
            String p = path.strip();
            while (p.length() > 1 && (p.endsWith("/") || p.endsWith("\\"))) { // "/srv/x/" must also match "/srv/x"
                p = p.substring(0, p.length() - 1);
            }
            if (p.length() >= 4 && !literals.contains(p)) {
                literals.add(p);
            }
        }
        if (literals.isEmpty()) {
            return STANDARD;
        }
        literals.sort(
                new Comparator<String>() { // the longest literal wins
                    @Override
                    public int compare(String a, String b) {
                        return Integer.compare(b.length(), a.length());
                    }
                });
        // Only where a path starts: java.io.tmpdir "/tmp" must not eat "/usr/lib/tmpfiles.d" or "/opt/x/tmp".
        StringBuilder alternatives = new StringBuilder();
        boolean alwaysScan = false;
        for (String literal : literals) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(literal));
            alwaysScan |= (features(literal) & PATHISH) == 0; // the pre-check cannot see it
        }
        return new Scrubber(new LazyPattern(PATH_START + "(?:" + alternatives + ")|" + USER_PATH_STARTS), alwaysScan);
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
        if (value == null) {
            return null;
        }
        // What lies past the cap is dropped anyway; a rule's match is at most MATCH_REACH chars long, so
        // one that starts before the cap lies wholly inside what is kept here. Scrubbing a value then
        // costs time in proportion to its cap, not to its length (a 4 MiB string in a request costs no
        // more than a short one).
        String kept = value.length() > maxLength + MATCH_REACH ? value.substring(0, maxLength + MATCH_REACH) : value;
        String redacted = redact(kept);
        String out = cap(redacted, maxLength);
        // A cut can make a token of part of a longer one ("e::etE" cut to "e::e…" is an address): what
        // is kept is scrubbed again until it stays the same, so that scrubbing it once more changes nothing.
        for (int pass = 1; pass < MAX_PASSES && out.length() < redacted.length(); pass++) {
            redacted = redact(out);
            String again = cap(redacted, maxLength);
            if (again.equals(out)) {
                break;
            }
            out = again;
        }
        return out;
    }

    /**
     * The longest text any rule's pattern can match, from where it starts (every quantifier in them is
     * bounded, which also keeps each pattern linear in its input): the e-mail rule's 256 + 1 + 9 x 64 + 64
     * is the longest. A test checks this bound against strings built to reach it.
     */
    static final int MATCH_REACH = 2048;

    /** Enough for every chain of rules the corpus and the fuzzer know (two passes); the bound keeps it linear. */
    private static final int MAX_PASSES = 4;

    /**
     * Runs the rules until they change nothing more. One replacement can make text that a rule matches
     * on a second look (an address redacted just before "-secret" turns that into a flag), and the
     * collector scrubs again what clients scrubbed: scrubbing scrubbed text must change nothing.
     * Text that no rule touches (most of it) is read once.
     */
    private String redact(String value) {
        String out = redactOnce(value);
        for (int pass = 1; pass < MAX_PASSES && !out.equals(value); pass++) {
            value = out;
            out = redactOnce(value);
        }
        return out;
    }

    private String redactOnce(String value) {
        int f = features(value);
        if ((f & (AT | SCHEME)) == (AT | SCHEME)
                && CREDENTIAL_URLS.get().matcher(value).find()) {
            return CREDENTIAL_URL;
        }
        if ((f & TOKENISH) != 0 && TOKENS.get().matcher(value).find()) {
            return TOKEN;
        }
        if ((f & (AT | DOT)) == (AT | DOT) && EMAILS.get().matcher(value).find()) {
            return EMAIL;
        }
        if ((f & NAMED) != 0
                && ((f & ASSIGN) != 0 && SECRETS.get().matcher(value).find() || (f & FLAG) != 0 && flagSecret(value))) {
            return SECRET;
        }
        if ((f & FLAG) != 0 && mysqlPassword(value)) {
            return SECRET;
        }
        String out = alwaysScanPaths || (f & PATHISH) != 0 ? replace(value, userPaths.get(), USER_PATH, true) : value;
        out = (f & IPV6ISH) != 0 ? replace(out, IPV6S.get(), IP, false) : out; // before v4: "::ffff:1.2.3.4"
        return (f & IPV4ISH) != 0 ? replace(out, IPV4S.get(), IP, false) : out;
    }

    private static String replace(String value, Pattern pattern, String placeholder, boolean isPath) {
        Matcher m = pattern.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int copied = 0;
        do {
            int end = isPath ? pathEnd(value, m.end()) : m.end();
            while (end > m.end() && value.charAt(end - 1) == '.') {
                end--; // a sentence's full stop is not part of the path
            }
            out.append(value, copied, m.start()).append(placeholder);
            copied = end;
        } while (copied < value.length() && m.find(copied));
        return out.append(value, copied, value.length()).toString();
    }

    /**
     * A flag whose name ends in a secret name, followed by a value: {@code --token abc}, {@code -p-key x},
     * {@code --db.password x}, {@code --clientSecret x}; not {@code --token --verbose} nor a quoted value.
     * The flag starts with one or two dashes not inside a word; between them and the name, up to
     * {@link #FLAG_PREFIX} characters of {@code [\\w.-]} ending in {@code -}, {@code _} or {@code .}, or of
     * {@code [\\w-]} ending in a lower-case letter or digit before a capital ({@code --dbPassword}).
     * Each position is looked at a bounded number of times: linear in the value.
     */
    static boolean flagSecret(String s) {
        int n = s.length();
        for (int k = 1; k < n; k++) {
            char c = s.charAt(k);
            int lower = c | 0x20;
            if (lower != 'a' && lower != 'c' && lower != 'k' && lower != 'p' && lower != 's' && lower != 't') {
                continue;
            }
            int end = secretNameEnd(s, k);
            if (end < 0 || !valueFollows(s, end) || !flagBefore(s, k)) {
                continue;
            }
            return true;
        }
        return false;
    }

    /** Where a secret name that starts at {@code k} ends, or -1. */
    private static int secretNameEnd(String s, int k) {
        for (String w : KW_WORDS) {
            if (s.regionMatches(true, k, w, 0, w.length())) {
                return k + w.length();
            }
        }
        return -1;
    }

    /** One to 16 whitespace characters, then a value: not a dash (the next flag) and not a quote. */
    private static boolean valueFollows(String s, int i) {
        int spaces = 0;
        while (i < s.length() && isRegexSpace(s.charAt(i)) && spaces <= 16) {
            i++;
            spaces++;
        }
        if (spaces == 0 || spaces > 16 || i >= s.length()) {
            return false;
        }
        char v = s.charAt(i);
        return v != '-' && v != '"' && v != '\'';
    }

    /** Whether the secret name at {@code k} ends a flag ("-", "--", then a prefix as {@link #flagSecret} says). */
    private static boolean flagBefore(String s, int k) {
        boolean camel = isUpper(s.charAt(k)) && k > 0 && (isLowerOrDigit(s.charAt(k - 1)));
        boolean separated = k > 0 && "-_.".indexOf(s.charAt(k - 1)) >= 0;
        boolean dotSeen = false;
        for (int i = k - 1; i >= 0 && k - i <= FLAG_PREFIX + 2; i--) {
            char c = s.charAt(i);
            if (!(isAlnum(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
            dotSeen |= c == '.';
            if (c == '-' && (i == 0 || !isWordOrDash(s.charAt(i - 1)))) {
                // A flag starts here: the name follows its one or two dashes directly, or a prefix does.
                int prefix = k - i - 1;
                int prefixAfterTwo = k - i - 2;
                boolean two = i + 1 < k && s.charAt(i + 1) == '-';
                if (prefix == 0 || two && prefixAfterTwo == 0) {
                    return true;
                }
                if (separated && prefix <= FLAG_PREFIX) {
                    return true;
                }
                if (camel && !dotSeen && prefix <= FLAG_PREFIX) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The MySQL and MariaDB clients take a password glued to {@code -p}: {@code mysql -u root -phunter2}. */
    static boolean mysqlPassword(String s) {
        if (indexOfIgnoreCase(s, "mysql") < 0 && indexOfIgnoreCase(s, "mariadb") < 0) {
            return false;
        }
        for (int i = s.indexOf("-p"); i >= 0; i = s.indexOf("-p", i + 1)) {
            boolean flagStart = i == 0 || isRegexSpace(s.charAt(i - 1));
            if (flagStart && i + 2 < s.length() && !isRegexSpace(s.charAt(i + 2)) && s.charAt(i + 2) != '-') {
                return true;
            }
        }
        return false;
    }

    private static int indexOfIgnoreCase(String s, String lowerWord) {
        for (int i = 0; i + lowerWord.length() <= s.length(); i++) {
            if ((s.charAt(i) | 0x20) == lowerWord.charAt(0)
                    && s.regionMatches(true, i, lowerWord, 0, lowerWord.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWordOrDash(char c) {
        return isAlnum(c) || c == '_' || c == '-';
    }
    /** {@code \\s} of java.util.regex: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    // A path runs to a terminator. ":" stays inside only before a separator, so "x.txt:12" and .NET's
    // "Cli.cs:line 42" keep their suffix while "a.jar:/b.jar" stays whole. A space stays inside only
    // when the next word reaches a separator: "C:\Users\Ann Smith\x" goes whole, "/x is gone" does not.
    private static int pathEnd(String s, int i) {
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (TERMINATORS.indexOf(c) >= 0
                    && !(c == ':' && i + 1 < s.length() && isSeparator(s.charAt(i + 1)))
                    && !(c == ' ' && nextWordReachesSeparator(s, i + 1))) {
                return i;
            }
        }
        return i;
    }

    private static boolean nextWordReachesSeparator(String s, int from) {
        int i = from;
        while (i < s.length() && "/\\*?".indexOf(s.charAt(i)) < 0 && TERMINATORS.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i > from && i < s.length() && isSeparator(s.charAt(i));
    }

    // features() must admit every value a rule could match; the corpus tests hold it to that.
    private static final int AT = 1,
            SCHEME = 2,
            DOT = 4,
            ASSIGN = 8,
            FLAG = 16,
            PATHISH = 32,
            IPV4ISH = 64,
            IPV6ISH = 128,
            TOKENISH = 256,
            NAMED = 512;
    private static final String[] TOKEN_PREFIXES = {
        "eyJ",
        "gh",
        "github_pat_",
        "xox",
        "AIza",
        "ya29.",
        "AKIA",
        "ASIA",
        "ABIA",
        "ACCA",
        "npm_",
        "sk_",
        "rk_",
        "hooks.slack.com/",
        "-----BEGIN",
        "glpat-",
        "sk-",
        "hf_",
        "xapp-",
        "sig=",
        "SharedAccessSignature"
    };
    private static final String[] AUTH_SCHEMES = {"bearer", "basic"};
    // Every name in KW contains one of these where KW can start.
    private static final String[] SECRET_NAMES = {
        "key",
        "token",
        "secret",
        "pass",
        "pwd",
        "auth",
        "credential",
        "apikey",
        "accesskey",
        "privatekey",
        "clientsecret"
    };

    // One pass over the chars tells which rules could possibly match, so typical values like "build",
    // "java.lang.IllegalStateException" or a stack frame cost one loop and no regex at all.
    private static int features(String s) {
        int f = 0, colons = 0, digitDots = 0, n = s.length();
        boolean space = false, dash = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            char prev = i == 0 ? ' ' : s.charAt(i - 1);
            if (isAlnum(c) || c == '_' || c == '-') {
                // Tokens start a [\w-] run, secret names a word or camelCase hump, as their patterns demand.
                f |= !isAlnum(prev)
                                && prev != '_'
                                && prev != '-'
                                && (startsWithAny(s, i, TOKEN_PREFIXES, false)
                                        || startsWithAny(s, i, AUTH_SCHEMES, true))
                        ? TOKENISH
                        : 0;
                f |= (!isAlnum(prev) || (isUpper(c) && !isUpper(prev))) && startsWithAny(s, i, SECRET_NAMES, true)
                        ? NAMED
                        : 0;
                dash |= c == '-';
                continue;
            }
            switch (c) {
                case '@' -> f |= AT;
                case '=' -> f |= ASSIGN;
                case ':' -> {
                    colons++;
                    f |= ASSIGN | (s.startsWith("//", i + 1) ? SCHEME : 0) | (prev == ':' ? IPV6ISH : 0);
                }
                case '/', '\\', '~', '%' -> f |= PATHISH;
                case '.' -> {
                    f |= DOT;
                    digitDots += isDigit(prev) && i + 1 < n && isDigit(s.charAt(i + 1)) ? 1 : 0;
                }
                case ' ', '\t', '\n', '\u000B', '\f', '\r' -> space = true;
                default -> {}
            }
        }
        return f | (space && dash ? FLAG : 0) | (digitDots >= 3 ? IPV4ISH : 0) | (colons >= 6 ? IPV6ISH : 0);
    }

    // Prefixes for ignoreCase are lower case.
    private static boolean startsWithAny(String s, int i, String[] prefixes, boolean ignoreCase) {
        int first = ignoreCase ? s.charAt(i) | 0x20 : s.charAt(i);
        for (String prefix : prefixes) {
            if (prefix.charAt(0) == first && s.regionMatches(ignoreCase, i, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isUpper(c) || isDigit(c);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    private static String cap(String s, int maxLength) {
        if (s.length() <= maxLength) {
            return s;
        }
        int cut = maxLength - 1;
        cut -= cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1)) ? 1 : 0; // never half a surrogate pair
        return s.substring(0, cut) + "…";
    }

    /** A pattern compiled on first use: most values never need one, and compiling costs a CLI's start-up. */
    private static final class LazyPattern {
        private final String regex;
        private volatile Pattern pattern;

        LazyPattern(String regex) {
            this.regex = regex;
        }

        Pattern get() {
            Pattern p = pattern;
            if (p == null) {
                p = Pattern.compile(regex);
                pattern = p;
            }
            return p;
        }
    }
}
