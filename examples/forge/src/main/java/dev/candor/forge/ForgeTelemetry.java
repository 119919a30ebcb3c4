package dev.candor.forge;

import dev.candor.telemetry.Classification;
import dev.candor.telemetry.EventCatalog;
import dev.candor.telemetry.EventDefinition;
import dev.candor.telemetry.PropertyDefinition;
import dev.candor.telemetry.PropertyKey;
import dev.candor.telemetry.Purpose;
import dev.candor.telemetry.Telemetry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Forge's telemetry declaration: everything it may send, and where. */
public final class ForgeTelemetry {
    public static final String INGEST_KEY = "forge-public-ingest-key";

    /** The typed keys of forge's own events' properties: declared in the catalog below, used by the commands. */
    static final PropertyKey<String> TEMPLATE = PropertyKey.string("template");

    static final PropertyKey<String> RUNNER = PropertyKey.string("runner");
    static final PropertyKey<Long> PASSED = PropertyKey.longKey("passed");
    static final PropertyKey<Long> FAILED = PropertyKey.longKey("failed");
    public static final URI ENDPOINT = URI.create("http://127.0.0.1:4318");

    private ForgeTelemetry() {}

    public static EventCatalog catalog() {
        return EventCatalog.builder()
                .allowOptionValue("build", "--configuration", "Debug or Release", "Debug", "Release")
                .allowOptionValue(
                        "auto-train",
                        "--task",
                        "the machine-learning task",
                        AutoTrainCommand.TASKS.toArray(String[]::new))
                .hashFileOption("auto-train", "--dataset", "the training dataset")
                .event(EventDefinition.builder("template.created")
                        .comment("A project was created with 'forge new'")
                        .property(PropertyDefinition.builder(TEMPLATE)
                                .classification(Classification.SYSTEM_METADATA)
                                .allowedValues(java.util.List.of("console", "library", "web"))
                                .comment("Built-in template name: console, library or web")
                                .build())
                        .build())
                .event(EventDefinition.builder("tests.completed")
                        .comment("Test results of 'forge test' (counts only, never test names)")
                        .property(PropertyDefinition.builder(RUNNER)
                                .comment("Test runner: always forge-test")
                                .build())
                        .property(PropertyDefinition.builder(PASSED)
                                .measurement(true)
                                .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                                .comment("Tests passed")
                                .build())
                        .property(PropertyDefinition.builder(FAILED)
                                .measurement(true)
                                .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                                .comment("Tests failed")
                                .build())
                        .build())
                .build();
    }

    public static Telemetry create(Map<String, String> environment, String... args) {
        return Telemetry.builder("forge", Forge.VERSION)
                .arguments(args)
                .endpoint(ENDPOINT)
                .ingestKey(INGEST_KEY)
                .privacyUrl("docs/PRIVACY.md in the Candor repository")
                .catalog(catalog())
                .ciExitBudget(Duration.ofMillis(500))
                .environment(environment)
                .build();
    }
}
