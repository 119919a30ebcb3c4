package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.CandorRun;
import org.junit.jupiter.api.Test;

/**
 * A mistyped flag or a missing argument gets a few lines (the problem, the nearest flag, where help is)
 * and exit 2, not the whole usage; and {@code candor --help} lists each command with a whole sentence.
 */
class CommandLineMistakesTest {
    @Test
    void aMistypedFlagIsNamedWithTheNearestOne() {
        CandorRun run = CandorRun.of("serve", "--prot", "4318");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("candor serve: Unknown options: '--prot', '4318'\n"
                        + "did you mean --port?\n"
                        + "see 'candor serve --help'\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingOptionOrAnUnknownCommandIsBriefToo() {
        CandorRun missing = CandorRun.of("publish", "--tool", "forge");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .startsWith("candor publish: Missing required option")
                .endsWith("see 'candor publish --help'\n");
        assertThat(missing.err().lines()).hasSize(2);

        CandorRun unknown = CandorRun.of("serv");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("did you mean serve?").doesNotContain("Usage:");
    }

    @Test
    void everyCommandIsSummedUpInAWholeSentence() {
        CandorRun help = CandorRun.of("--help");

        assertThat(help.exit()).isZero();
        String commands = help.out().substring(help.out().indexOf("Commands:"));
        // A summary wraps onto indented lines; each command's ends with a full stop, not mid-sentence.
        String[] entries = commands.substring("Commands:".length()).strip().split("\n(?=  \\S)");
        assertThat(entries).hasSizeGreaterThanOrEqualTo(9);
        for (String entry : entries) {
            assertThat(entry.strip()).as(entry).endsWith(".");
        }
    }
}
