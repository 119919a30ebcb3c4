package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import dev.candor.telemetry.testing.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run records, and where it goes: collector, debug output or local documents. */
class RecordingTest {
    @TempDir
    Path root;

    TestMachine machine;
    RecordingCollector collector;

    static EventCatalog catalog() {
        return EventCatalog.builder()
                .allowOptionValue("auto-train", "--task", "ML task category", "regression", "classification")
                .hashFileOption("auto-train", "--dataset", "training data")
                .event(EventDefinition.builder("template.created")
                        .comment("A project was created")
                        .property(PropertyDefinition.builder("template", PropertyType.STRING)
                                .comment("Template name")
                                .build())
                        .property(PropertyDefinition.builder("files", PropertyType.LONG)
                                .measurement(true)
                                .comment("Files written")
                                .build())
                        .build())
                .build();
    }

    @BeforeEach
    void setUp() throws Exception {
        machine = new TestMachine(root);
        machine.acknowledgeNotice("forge");
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    private Telemetry telemetry() {
        return machine.telemetry("forge", collector.url())
                .catalog(catalog())
                .exitBudget(Duration.ofSeconds(5))
                .build();
    }

    private String sentBody() throws Exception {
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        return collector.requests().get(0).body();
    }

    @Test
    void optionValuesAreSentOnlyWhenAllowListedAndFilesOnlyAsHashAndSizeBucket() throws Exception {
        Path data = Files.writeString(machine.cwd.resolve("houses-private.csv"), "a,b\n1,2\n");
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("auto-train")
                    .option("--task", "regression")
                    .option("--dataset", data.toString())
                    .option("--label-column", "price_of_my_house")
                    .exitCode(0)
                    .duration(Duration.ofMillis(1234))
                    .build());
        }
        String body = sentBody();
        assertThat(body)
                .contains("\"key\":\"command.option.task\",\"value\":{\"stringValue\":\"regression\"}")
                .contains("\"key\":\"command.file.dataset.size_bucket\",\"value\":{\"stringValue\":\"<10KB\"}")
                .containsPattern("\"key\":\"command.file.dataset.hash\",\"value\":\\{\"stringValue\":\"[0-9a-f]{64}\"}")
                .contains("\"key\":\"command.duration_ms\",\"value\":{\"intValue\":\"1234\"}")
                .contains("{\"stringValue\":\"--label-column\"}");
        assertThat(body).doesNotContain("houses-private", "price_of_my_house");
    }

    @Test
    void anAllowListedValueOfAnotherCommandIsNotSent() throws Exception {
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("build")
                    .option("--task", "secret-task")
                    .exitCode(0)
                    .build());
        }
        assertThat(sentBody()).doesNotContain("secret-task").doesNotContain("command.option.task");
    }

    @Test
    void undeclaredEventsAndPropertiesAreNeverSent() throws Exception {
        try (TelemetryRun run = telemetry().begin()) {
            run.event("undeclared.event", Map.of("x", "1"));
            run.event("template.created", Map.of("template", "console", "reviewer", "ann", "files", 3L));
            run.event("template.created", Map.of("files", "not a number"));
        }
        String body = sentBody();
        assertThat(body)
                .contains(
                        "\"eventName\":\"template.created\"", "{\"stringValue\":\"console\"}", "{\"intValue\":\"3\"}");
        assertThat(body).doesNotContain("undeclared.event", "reviewer", "ann", "not a number");
    }

    @Test
    void aCrashCarriesTheTypeAndAScrubbedStackButNeverTheMessage() throws Exception {
        IllegalStateException crash = new IllegalStateException(
                "cannot open /home/ann/secret.txt for ann@example.org", new java.io.IOException("token=abc123"));
        try (TelemetryRun run = telemetry().begin()) {
            run.crash(crash, "build");
        }
        String body = sentBody();
        assertThat(body)
                .contains(
                        "\"eventName\":\"cli.crash\"",
                        "\"severityNumber\":21",
                        "{\"stringValue\":\"java.lang.IllegalStateException\"}",
                        "Caused by: java.io.IOException",
                        "dev.candor.telemetry.RecordingTest.aCrashCarriesTheTypeAndAScrubbedStackButNeverTheMessage");
        assertThat(body).doesNotContain("secret.txt", "ann@example.org", "abc123", "cannot open");
    }

    @Test
    void theLevelDecidesWhichEventsAreCollected() throws Exception {
        machine.env.put("FORGE_TELEMETRY_LEVEL", "crash");
        try (TelemetryRun run = telemetry().begin()) {
            assertThat(run.isEnabled(TelemetryLevel.ALL)).isFalse();
            run.command(CommandEvent.builder("build").build());
            run.error(new RuntimeException(), "build");
            run.crash(new IllegalStateException(), "build");
        }
        String body = sentBody();
        assertThat(body).contains("cli.crash").doesNotContain("cli.command", "cli.error");
    }

    @Test
    void theDebugSwitchPrintsEventsAsJsonAndSendsNothing() throws Exception {
        machine.env.put("FORGE_TELEMETRY_DEBUG", "1");
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("build").exitCode(3).build());
        }
        assertThat(machine.stderr())
                .contains(
                        "{\"event\":\"cli.command\",\"level\":\"all\"",
                        "\"process.exit.code\":3",
                        "\"service.name\":\"forge\"");
        assertThat(collector.awaitRequests(1, Duration.ofMillis(300))).isFalse();
        assertThat(machine.spoolDir("forge")).doesNotExist();
    }

    @Test
    void theDebugSwitchExplainsWhyNothingIsCollected() {
        machine.env.put("FORGE_TELEMETRY_DEBUG", "1");
        machine.env.put("DO_NOT_TRACK", "1");
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("build").build());
        }
        assertThat(machine.stderr()).contains("nothing is collected", "DO_NOT_TRACK");
    }

    @Test
    void localOnlyModeWritesScopedDocumentsAndNeverTransmits() throws Exception {
        Telemetry t = machine.telemetry("forge", collector.url())
                .catalog(catalog())
                .localOnly(true)
                .build();
        try (TelemetryRun run = t.begin()) {
            run.command(CommandEvent.builder("build").exitCode(0).build());
            run.event("template.created", Map.of("template", "web"));
        }
        try (Stream<Path> s = Files.list(machine.stateDir("forge"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertThat(names)
                    .anyMatch(n -> n.matches("cli-command-\\d{8}T\\d{9}-[0-9a-f]{4}\\.json"))
                    .anyMatch(n -> n.startsWith("run-summary-"));
        }
        assertThat(collector.awaitRequests(1, Duration.ofMillis(300))).isFalse();
        assertThat(machine.spoolDir("forge")).doesNotExist();
    }

    @Test
    void childProcessesShareTheSessionId() throws Exception {
        String parent;
        try (TelemetryRun run = telemetry().begin()) {
            parent = run.sessionId();
            machine.env.putAll(run.childEnvironment());
        }
        try (TelemetryRun child = telemetry().begin()) {
            assertThat(child.sessionId()).isEqualTo(parent);
        }
        machine.env.put("FORGE_TELEMETRY_SESSIONID", "not-a-uuid; rm -rf /");
        try (TelemetryRun other = telemetry().begin()) {
            assertThat(other.sessionId()).isNotEqualTo(parent).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void catalogMistakesFailAtBuildTimeNotOnTheUsersMachine() {
        assertThatThrownBy(
                        () -> EventDefinition.builder("Bad Name").comment("x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventDefinition.builder("ok").build()).hasMessageContaining("comment");
        assertThatThrownBy(() -> EventCatalog.builder()
                        .event(EventDefinition.builder("cli.mine").comment("x").build())
                        .build())
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> PropertyDefinition.builder("n", PropertyType.LONG)
                        .hashed()
                        .comment("x")
                        .build())
                .hasMessageContaining("hashed");
        assertThatThrownBy(() -> Telemetry.builder("Forge", "1.0")
                        .endpoint(collector.url())
                        .ingestKey("k")
                        .build())
                .hasMessageContaining("tool id");
        assertThatThrownBy(() -> Telemetry.builder("forge", "1.0")
                        .endpoint(java.net.URI.create("ftp://x"))
                        .ingestKey("k")
                        .build())
                .hasMessageContaining("endpoint");
    }

    private Telemetry strict() {
        return machine.telemetry("forge", collector.url())
                .catalog(catalog())
                .exitBudget(Duration.ofSeconds(5))
                .strict(true)
                .build();
    }

    @Test
    void inStrictModeEveryMistakeThrowsAtTheCallWithItsName() {
        TelemetryRun run = strict().begin();
        assertThatThrownBy(() -> run.event("template.deleted", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forge telemetry: dropped event 'template.deleted': the catalog does not declare it");
        assertThatThrownBy(() -> run.event("template.created", Map.of("files", "seven")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forge telemetry: dropped property 'files' of event 'template.created': its value is a"
                        + " String, and the catalog declares long");
        assertThatThrownBy(() -> run.event("template.created", Map.of("colour", "blue")))
                .hasMessage("forge telemetry: dropped property 'colour' of event 'template.created': the catalog"
                        + " does not declare it");
        assertThatThrownBy(() -> run.event("cli.command", Map.of()))
                .hasMessageContaining("cli.* events are recorded by the SDK itself");
        run.event("template.created", Map.of("template", "console", "files", 7L)); // right: no exception
        for (int i = 1; i < 1000; i++) {
            run.event("template.created", Map.of("files", (long) i));
        }
        assertThatThrownBy(() -> run.event("template.created", Map.of("files", 1001L)))
                .hasMessage("forge telemetry: dropped event 'template.created': a run records at most 1000 events");
        run.close();
        assertThatThrownBy(() ->
                        run.command(CommandEvent.builder("build").exitCode(0).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("forge telemetry: dropped event 'cli.command': it was recorded after the run was closed");
    }

    @Test
    void withDebugEachDropIsNamedOnStderrAndTheRunGoesOn() throws Exception {
        machine.env.put("FORGE_TELEMETRY_DEBUG", "1");
        try (TelemetryRun run = telemetry().begin()) {
            run.event("template.created", Map.of("template", "console", "files", "seven"));
            run.event("template.deleted", Map.of("template", "console"));
        }
        String err = machine.stderr();
        assertThat(err)
                .contains(
                        "forge telemetry: dropped property 'files' of event 'template.created': its value is a String,"
                                + " and the catalog declares long\n")
                .contains("forge telemetry: dropped event 'template.deleted': the catalog does not declare it\n")
                .contains("\"template\":\"console\"") // the event itself is still recorded, without the bad property
                .doesNotContain("seven");
    }

    @Test
    void aCommandWithoutAnExitCodeIsSentWithoutOneNeverAsASuccessAndNamed() throws Exception {
        machine.env.put("FORGE_TELEMETRY_DEBUG", "1");
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("build").build());
        }
        assertThat(machine.stderr())
                .contains("forge telemetry: command 'build' has no exit code (call CommandEvent.Builder.exitCode): it"
                        + " is sent without one\n")
                .contains("\"command.path\":\"build\"")
                .doesNotContain("process.exit.code");
        try (TelemetryRun strictRun = strict().begin()) {
            assertThatThrownBy(() ->
                            strictRun.command(CommandEvent.builder("build").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no exit code");
        }
    }

    static final PropertyKey<String> TEMPLATE = PropertyKey.string("template");
    static final PropertyKey<Long> FILES = PropertyKey.longKey("files");

    @Test
    void typedPropertiesAreSentAndAKeyOfAnotherTypeThanTheCatalogsIsNamed() throws Exception {
        try (TelemetryRun run = telemetry().begin()) {
            run.event("template.created", EventProperties.of(TEMPLATE, "console", FILES, 7L));
        }
        String record = Wire.record(sentBody(), "template.created");
        assertThat(Wire.string(record, "template")).contains("console");
        assertThat(Wire.integer(record, "files")).contains(7L);

        PropertyKey<Boolean> wrong = PropertyKey.booleanKey("files");
        try (TelemetryRun strictRun = strict().begin()) {
            assertThatThrownBy(() -> strictRun.event("template.created", EventProperties.of(wrong, true)))
                    .hasMessage("forge telemetry: dropped property 'files' of event 'template.created': its value is"
                            + " a Boolean, and the catalog declares long");
        }
        assertThat(PropertyDefinition.builder(FILES).comment("c").build().type())
                .isEqualTo(PropertyType.LONG);
        assertThatThrownBy(() -> EventProperties.builder().put(TEMPLATE, null)).hasMessage("value");
    }

    @Test
    void nullsAndBlankNamesFailWithTheParameterNamed() {
        assertThatThrownBy(() -> CommandEvent.builder(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command path");
        assertThatThrownBy(() -> CommandEvent.builder(null)).hasMessage("path");
        assertThatThrownBy(() -> CommandEvent.builder("b").option(null, "x")).hasMessage("name");
        assertThatThrownBy(() -> CommandEvent.builder("b").duration(null)).hasMessage("duration");
        TelemetryRun run = strict().begin();
        assertThatThrownBy(() -> run.command(null)).hasMessage("forge telemetry: dropped a command event: it is null");
        assertThatThrownBy(() -> run.crash(null, "build")).hasMessageContaining("its Throwable is null");
        assertThatThrownBy(() -> run.error(null, "build")).hasMessageContaining("its Throwable is null");
        run.close();
    }

    @Test
    void withoutDebugOrStrictAMistakeCostsOnlyTheEventAndSaysNothingToTheUser() throws Exception {
        try (TelemetryRun run = telemetry().begin()) {
            run.event("template.deleted", Map.of("template", "console"));
            run.event("template.created", Map.of("template", "console", "files", "seven"));
        }
        assertThat(sentBody()).contains("\"eventName\":\"template.created\"").doesNotContain("template.deleted");
        assertThat(machine.stderr()).doesNotContain("dropped");
    }

    @Test
    void whatTheCollectorRefusedIsCountedAndNamedInStatus() throws Exception {
        collector.thenAnswer(
                200,
                Map.of("Content-Type", "application/json"),
                "{\"partialSuccess\":{\"rejectedLogRecords\":\"1\",\"errorMessage\":\"1 log record(s) rejected; first:"
                        + " event 'template.created' is not in the catalog of forge\"}}");
        try (TelemetryRun run = telemetry().begin()) {
            run.event("template.created", Map.of("template", "console"));
        }
        sentBody();
        assertThat(String.join("\n", telemetry().admin().status().lines()))
                .contains("the collector refused 1 event(s); the collector said: 1 log record(s) rejected; first: event"
                        + " 'template.created' is not in the catalog of forge");

        collector.thenAnswer(
                401,
                Map.of("Content-Type", "application/json"),
                "{\"code\":16,\"message\":\"missing or unknown ingest key (Authorization: Bearer <key>)\"}");
        try (TelemetryRun run = telemetry().begin()) {
            run.command(CommandEvent.builder("build").exitCode(0).build());
        }
        assertThat(collector.awaitRequests(2, Duration.ofSeconds(10))).isTrue();
        assertThat(String.join("\n", telemetry().admin().status().lines()))
                .contains("the collector rejected 1 file(s) with HTTP 401; the collector said: (HTTP 401) the"
                        + " collector does not know this tool's ingest key");
    }

    @Test
    void anIngestKeyTheCollectorWouldNotRegisterFailsTheBuild() {
        for (String key : new String[] {"k", "short-k", "a:b,cdefgh", "with space-inside", "key,with,commas"}) {
            assertThatThrownBy(() -> Telemetry.builder("forge", "1.0")
                            .endpoint(collector.url())
                            .ingestKey(key)
                            .build())
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ingest key must be 8 to 200 printable ASCII characters without spaces, ':' or ','"
                            + " (the collector registers no other key)");
        }
        assertThatCode(() -> Telemetry.builder("forge", "1.0")
                        .endpoint(collector.url())
                        .ingestKey("forge-public-ingest-key")
                        .build())
                .doesNotThrowAnyException();
    }

    @Test
    void anEndpointGivenWithItsLogsPathIsTheCollectorsAddress() throws Exception {
        // Written as OTEL_EXPORTER_OTLP_LOGS_ENDPOINT is: the events must still go to /v1/logs, once.
        Telemetry withPath = machine.telemetry("forge", java.net.URI.create(collector.url() + "/v1/logs/"))
                .catalog(catalog())
                .exitBudget(Duration.ofSeconds(5))
                .build();
        try (TelemetryRun run = withPath.begin()) {
            run.command(CommandEvent.builder("build").exitCode(0).build());
        }
        sentBody();
        assertThat(collector.requests().get(0).target()).isEqualTo("/v1/logs");
        assertThat(Telemetry.collectorBase(java.net.URI.create("https://t.example.org/candor/v1/logs")))
                .isEqualTo("https://t.example.org/candor");
        assertThat(Telemetry.collectorBase(java.net.URI.create("https://t.example.org/")))
                .isEqualTo("https://t.example.org");
    }

    @Test
    void theCatalogIsPrintableAsJson() {
        String json = telemetry().catalogJson();
        assertThat(json)
                .startsWith("{\"schema\":\"candor.catalog.v1\",\"tool\":\"forge\"")
                .contains(
                        "\"name\":\"cli.command\"",
                        "\"name\":\"command.option.task\"",
                        "\"classification\":\"EndUserPseudonymizedInformation\"",
                        "\"endpoint\":\"MacAddressHash\"",
                        "\"isMeasurement\":true",
                        "\"name\":\"template.created\"");
    }
}
