package dev.candor.collector.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.config.ToolRegistration;
import dev.candor.forge.ForgeTelemetry;
import dev.candor.telemetry.internal.CatalogJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledForgeCatalogTest {
    @Test
    void theBundledCatalogIsWhatForgePrints() throws Exception {
        String printed = CatalogJson.of("forge", "1.0.0", 1, ForgeTelemetry.catalog());
        String bundled;
        try (InputStream in = getClass().getResourceAsStream("/catalogs/forge.json")) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }

        assertThat(bundled)
                .as("regenerate with: bin/forge --telemetry-catalog > collector/src/main/resources/catalogs/forge.json")
                .isEqualTo(printed);
    }

    @Test
    void itDeclaresForgesEventsAndCommonProperties() {
        ToolCatalog c = ToolRegistry.load(List.of(ToolRegistration.forgeDemo()))
                .byId("forge")
                .orElseThrow()
                .catalog();

        assertThat(c.hasEvent("cli.command")).isTrue();
        assertThat(c.hasEvent("tests.completed")).isTrue();
        assertThat(c.hasEvent("made.up")).isFalse();
        assertThat(c.allowsAttribute("cli.command", "command.option.configuration"))
                .isTrue();
        assertThat(c.allowsAttribute("cli.command", "log.record.uid")).isTrue();
        assertThat(c.allowsAttribute("cli.command", "command.option.password")).isFalse();
        assertThat(c.allowsResourceAttribute("candor.machine.id")).isTrue();
    }
}
