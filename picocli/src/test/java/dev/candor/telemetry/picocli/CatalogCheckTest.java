package dev.candor.telemetry.picocli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.telemetry.EventCatalog;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A catalog that names options the tool does not record is refused when Candor is installed, not found later. */
class CatalogCheckTest {
    @Command(name = "greeter", subcommands = Greet.class)
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "greet")
    static final class Greet implements Runnable {
        @Option(names = {"-s", "--style"})
        String style;

        @Option(names = "--name")
        String name;

        @Override
        public void run() {}
    }

    private static CommandLine model() {
        return new CommandLine(new Root());
    }

    @Test
    void anOptionNamedByItsShortNameIsRefusedWithTheNameToUse() {
        EventCatalog c = EventCatalog.builder()
                .allowOptionValue("greet", "-s", "the greeting's style", "plain", "fancy")
                .build();
        assertThatThrownBy(() -> CandorPicocli.checkCatalog(model(), c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the telemetry catalog names option -s of 'greet', which Candor records by its longest"
                        + " name, --style: declare --style in the catalog");
    }

    @Test
    void anOptionOrCommandTheToolDoesNotHaveIsRefused() {
        EventCatalog noOption = EventCatalog.builder()
                .allowOptionValue("greet", "--colour", "c", "red")
                .build();
        assertThatThrownBy(() -> CandorPicocli.checkCatalog(model(), noOption))
                .hasMessage(
                        "the telemetry catalog declares option 'colour' of 'greet', which that command does not have");
        EventCatalog noCommand =
                EventCatalog.builder().hashFileOption("wave", "--file", "f").build();
        assertThatThrownBy(() -> CandorPicocli.checkCatalog(model(), noCommand))
                .hasMessage("the telemetry catalog declares options of command 'wave', which greeter does not have");
    }

    @Test
    void aCatalogThatMatchesTheModelPasses() {
        EventCatalog c = EventCatalog.builder()
                .allowOptionValue("greet", "--style", "the greeting's style", "plain", "fancy")
                .hashFileOption("greet", "--name", "a name, hashed")
                .build();
        assertThatCode(() -> CandorPicocli.checkCatalog(model(), c)).doesNotThrowAnyException();
    }

    @Test
    void theSameOptionTwiceOrBothAllowListedAndHashedFailsTheCatalogsBuild() {
        assertThatThrownBy(() -> EventCatalog.builder()
                        .allowOptionValue("greet", "--style", "s", "plain")
                        .allowOptionValue("greet", "--style", "s", "fancy")
                        .build())
                .hasMessage("option --style of greet is declared twice");
        assertThatThrownBy(() -> EventCatalog.builder()
                        .allowOptionValue("greet", "--name", "n", "ann")
                        .hashFileOption("greet", "--name", "n")
                        .build())
                .hasMessage(
                        "option name of greet is both allow-listed and hashed: declare it once, as one or the other");
    }
}
