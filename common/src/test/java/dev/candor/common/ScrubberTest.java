package dev.candor.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.candor.common.ScrubberCorpusTest.Case;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class ScrubberTest {

    private static final Scrubber STANDARD = Scrubber.standard();
    private static final Scrubber CORPUS = ScrubberCorpusTest.SCRUBBER;

    /**
     * Identifying substrings planted in the corpus. Every corpus row that the scrubber changes must
     * contain at least one of them, so a new row cannot silently skip this check.
     */
    private static final List<String> PLANTED = List.of(
            "ann.smith",
            "asmith",
            "ann-smith",
            "Ann Smith",
            "hunter2",
            "s3cr3t",
            "Tr0ub4dor",
            "acme-secret",
            "corp-fs01",
            "wJalrXUtnFEMI",
            "dXNlcjpwYXNz",
            "3q2+7w",
            "203.0.113.",
            "198.51.100.",
            "192.168.1.23",
            "10.20.30.40",
            "127.0.0.1",
            "2001:db8",
            "2001:0db8",
            "fe80:",
            "::1",
            "::ffff",
            "ghp_",
            "gho_",
            "ghu_",
            "ghs_",
            "ghr_",
            "github_pat_",
            "xoxb-",
            "xoxp-",
            "hooks.slack.com",
            "AIza",
            "ya29.",
            "AKIA",
            "ASIA",
            "npm_",
            "sk_live_",
            "rk_live_",
            "eyJ",
            "PRIVATE KEY",
            "glpat-",
            "sk-",
            "hf_",
            "xapp-",
            "sig=",
            "SharedAccessSignature",
            "qwertyuiop",
            "192.168.001",
            "/home/",
            "/Users/",
            "/root",
            "/tmp",
            "/users/",
            "C:\\",
            "Program Files",
            "%USERPROFILE%",
            "%TEMP%",
            "%APPDATA%",
            "%LOCALAPPDATA%",
            "%HOMEPATH%");

    private static final Set<String> WHOLE_VALUE =
            Set.of(Scrubber.EMAIL, Scrubber.CREDENTIAL_URL, Scrubber.TOKEN, Scrubber.SECRET);
    private static final String PLACEHOLDER_TEXT = String.join(
            " ",
            Scrubber.USER_PATH,
            Scrubber.EMAIL,
            Scrubber.CREDENTIAL_URL,
            Scrubber.TOKEN,
            Scrubber.SECRET,
            Scrubber.IP);
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]{4,}");

    @Test
    void capsLongValuesAfterScrubbing() {
        String clean = "a b ".repeat(600);
        String capped = STANDARD.scrub(clean);
        assertThat(capped).hasSize(Scrubber.DEFAULT_MAX_LENGTH).endsWith("…").startsWith("a b a b");

        // Scrubbed first, so the cap never hides a secret that sits beyond it...
        assertThat(STANDARD.scrub("x ".repeat(800) + "password=hunter2")).isEqualTo(Scrubber.SECRET);
        // ...and a long user path shrinks to its placeholder instead of being cut mid-name.
        assertThat(STANDARD.scrub("/home/ann.smith/" + "d/".repeat(1000) + "f.txt:7"))
                .isEqualTo(Scrubber.USER_PATH + ":7");

        assertThat(STANDARD.scrub("0123456789abc", 10)).isEqualTo("012345678…").hasSize(10);
        assertThat(STANDARD.scrub("0123456789", 10)).isEqualTo("0123456789");
        assertThat(STANDARD.scrub("abcdef", 1)).isEqualTo("…");
        assertThat(STANDARD.scrub("see /home/ann.smith/x now", 12))
                .isEqualTo("see <REDACT…")
                .hasSize(12);
        assertThat(STANDARD.scrub("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…"); // no half surrogate pair
        assertThatThrownBy(() -> STANDARD.scrub("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacesConfiguredLocalPathsAnywhere() {
        Scrubber scrubber = Scrubber.withLocalPaths(Arrays.asList(
                "/srv/work/acme-secret-project/", null, "", "   ", "/", "ab", "/srv/work/acme-secret-project"));

        assertThat(scrubber.scrub("cd /srv/work/acme-secret-project && make"))
                .isEqualTo("cd " + Scrubber.USER_PATH + " && make");
        assertThat(scrubber.scrub("x=/srv/work/acme-secret-project/src/Main.java:3"))
                .isEqualTo("x=" + Scrubber.USER_PATH + ":3");
        assertThat(scrubber.scrub("Opening '/srv/work/acme-secret-project/a b/c.txt' failed"))
                .isEqualTo("Opening '" + Scrubber.USER_PATH + "' failed");
        assertThat(scrubber.scrub("file:///srv/work/acme-secret-project/pom.xml"))
                .isEqualTo(Scrubber.USER_PATH);
        assertThat(scrubber.scrub("/srv/work/acme-secret-project-old/x")).isEqualTo(Scrubber.USER_PATH);
        // A literal only starts a path: in the middle of another path it is not this directory.
        assertThat(scrubber.scrub("/mnt2/srv/work/acme-secret-project"))
                .isEqualTo("/mnt2/srv/work/acme-secret-project");
        Scrubber tmp = Scrubber.withLocalPaths(List.of("/tmp"));
        assertThat(tmp.scrub("/usr/lib/tmpfiles.d/forge.conf")).isEqualTo("/usr/lib/tmpfiles.d/forge.conf");
        assertThat(tmp.scrub("/opt/forge/tmp/cache.db")).isEqualTo("/opt/forge/tmp/cache.db");
        assertThat(tmp.scrub("java.io.tmpdir=/tmp")).isEqualTo("java.io.tmpdir=" + Scrubber.USER_PATH);
        // Case-sensitive, and ignored literals ("ab", "/") match nothing.
        assertThat(scrubber.scrub("/SRV/WORK/ACME-SECRET-PROJECT")).isEqualTo("/SRV/WORK/ACME-SECRET-PROJECT");
        assertThat(scrubber.scrub("abc /srv/x")).isEqualTo("abc /srv/x");
        // The standard scrubber knows nothing about /srv.
        assertThat(STANDARD.scrub("/srv/work/acme-secret-project")).isEqualTo("/srv/work/acme-secret-project");
        // Built-in rules still apply.
        assertThat(scrubber.scrub("/home/ann.smith/x")).isEqualTo(Scrubber.USER_PATH);
        // Nothing usable: same as standard.
        assertThat(Scrubber.withLocalPaths(Arrays.asList(null, "/", " "))).isSameAs(Scrubber.standard());
        // A literal without separators must not be skipped by the cheap pre-check.
        assertThat(Scrubber.withLocalPaths(List.of("acmeproj")).scrub("acmeproj"))
                .isEqualTo(Scrubber.USER_PATH);
        // A home dir literal is what catches a profile name with a space when nothing follows it.
        assertThat(STANDARD.scrub("C:\\Users\\Ann Smith")).isEqualTo(Scrubber.USER_PATH + " Smith");
        assertThat(Scrubber.withLocalPaths(List.of("C:\\Users\\Ann Smith")).scrub("C:\\Users\\Ann Smith"))
                .isEqualTo(Scrubber.USER_PATH);
        // Windows-style literal.
        assertThat(Scrubber.withLocalPaths(List.of("\\\\nas\\builds\\acme")).scrub("in \\\\nas\\builds\\acme\\x"))
                .isEqualTo("in " + Scrubber.USER_PATH);
    }

    @Test
    void nullStaysNull() {
        assertThat(STANDARD.scrub(null)).isNull();
        assertThat(STANDARD.scrub(null, 5)).isNull();
        assertThat(CORPUS.scrub(null)).isNull();
    }

    @Test
    void returnsSameInstanceWhenNothingMatches() {
        List<Case> survivors =
                ScrubberCorpusTest.cases().stream().filter(c -> !c.changes()).toList();
        assertThat(survivors).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (Case c : survivors) {
            String input = new String(c.input()); // a fresh instance, not an interned literal
            softly.assertThat(CORPUS.scrub(input)).as(c.toString()).isSameAs(input);
            softly.assertThat(STANDARD.scrub(input)).as(c.toString()).isSameAs(input);
        }
        softly.assertAll();
    }

    @Test
    void scrubbingIsIdempotent() {
        SoftAssertions softly = new SoftAssertions();
        for (Case c : ScrubberCorpusTest.cases()) {
            for (Scrubber scrubber : List.of(CORPUS, STANDARD)) {
                String once = scrubber.scrub(c.input());
                softly.assertThat(scrubber.scrub(once)).as(c.toString()).isEqualTo(once);
            }
        }
        softly.assertAll();
    }

    @Test
    void noPlantedSecretSurvives() {
        SoftAssertions softly = new SoftAssertions();
        for (Case c : ScrubberCorpusTest.cases()) {
            if (!c.changes()) {
                continue;
            }
            String output = CORPUS.scrub(c.input());
            List<String> planted = PLANTED.stream().filter(c.input()::contains).toList();
            softly.assertThat(planted)
                    .as("%s plants none of the known identifying strings", c)
                    .isNotEmpty();
            for (String secret : planted) {
                softly.assertThat(output).as(c.toString()).doesNotContain(secret);
            }
            if (WHOLE_VALUE.contains(output)) {
                // Whole-value rules must not keep any word of the input, except words of the placeholders.
                for (String word : words(c.input())) {
                    if (!PLACEHOLDER_TEXT.contains(word)) {
                        softly.assertThat(output).as(c.toString()).doesNotContain(word);
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void survivesLongHostileInputs() {
        List<String> hostile = List.of(
                "a".repeat(200_000),
                "--" + "a-".repeat(100_000) + " x",
                "/home/ann.smith/" + "a:/".repeat(60_000),
                "x@" + "a.".repeat(100_000),
                "1.".repeat(100_000),
                "1:".repeat(100_000),
                "/home/a" + " b".repeat(100_000),
                "C:\\x" + " y\\".repeat(50_000),
                "\tat dev.Foo.bar(Foo.java:42)\n".repeat(5_000),
                "%".repeat(200_000),
                "~/".repeat(100_000));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String value : hostile) {
                assertThat(STANDARD.scrub(value)).isNotNull().hasSizeLessThanOrEqualTo(Scrubber.DEFAULT_MAX_LENGTH);
            }
        });
        // Cut to the cap and reach before scrubbing, the path may end on its last ":", which then stays.
        assertThat(STANDARD.scrub("/home/ann.smith/" + "a:/".repeat(60_000))).matches("<REDACTED: user-file-path>:?");
    }

    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        for (Matcher m = WORD.matcher(s); m.find(); ) {
            words.add(m.group());
        }
        return words;
    }
}
