package dev.candor.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every line of {@code scrubber-corpus.tsv}; the file's header documents its format. */
class ScrubberCorpusTest {

    /** Like the SDK's early start on Linux: working directory, a second project path and java.io.tmpdir. */
    static final List<String> LOCAL_PATHS =
            List.of("/srv/work/acme-secret-project", "/data/ci/acme-secret-runner", "/tmp");

    static final Scrubber SCRUBBER = Scrubber.withLocalPaths(LOCAL_PATHS);

    /** One corpus line; {@code expected} is already resolved from the "=" shorthand. */
    record Case(int line, String input, String expected, String note) {
        boolean changes() {
            return !input.equals(expected);
        }

        @Override
        public String toString() {
            return "line " + line + ": " + note;
        }
    }

    static List<Case> cases() {
        InputStream in = ScrubberCorpusTest.class.getResourceAsStream("/scrubber-corpus.tsv");
        assertThat(in).as("scrubber-corpus.tsv on the test class path").isNotNull();
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                assertThat(cells)
                        .as("line %d must have input, expected and note", lineNo)
                        .hasSize(3);
                String input = unescape(cells[0], lineNo);
                String expected = cells[1].equals("=") ? input : unescape(cells[1], lineNo);
                cases.add(new Case(lineNo, input, expected, cells[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static String unescape(String cell, int lineNo) {
        StringBuilder out = new StringBuilder(cell.length());
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i + 1 < cell.length() ? cell.charAt(++i) : '?';
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case '\\' -> out.append('\\');
                default -> throw new IllegalArgumentException("line " + lineNo + ": unknown escape \\" + next);
            }
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scrubsCorpusCase(Case c) {
        assertThat(SCRUBBER.scrub(c.input())).as("scrub(%s)", c.input()).isEqualTo(c.expected());
    }

    @Test
    void corpusIsLargeAndCoversBothOutcomes() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(120);
        assertThat(cases).filteredOn(Case::changes).hasSizeGreaterThanOrEqualTo(60);
        assertThat(cases).filteredOn(c -> !c.changes()).hasSizeGreaterThanOrEqualTo(40);
    }
}
