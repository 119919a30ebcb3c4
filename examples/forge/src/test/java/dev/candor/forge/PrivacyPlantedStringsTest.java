package dev.candor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.forge.ForgeRun.Result;
import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.TestMachine;
import dev.candor.telemetry.testing.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user whose name, e-mail, token, project and home folder are planted in every argument and path
 * forge sees: none of them may reach the wire, the debug output, the state folder, {@code telemetry show}
 * or a {@code telemetry export} archive. Every planted string is long and not hex, so no random id,
 * hash or time can contain it by chance.
 */
class PrivacyPlantedStringsTest {
    private static final String USER = "ann.smith-zqplantedw";
    private static final String TOKEN = "ghp_" + "Zq8RtW3kLm9XvB2nPc7YdF4hJs6GaE1uKo5i";
    private static final String SECRET_PROJECT = "acme-secret-launch";

    @TempDir
    Path root;

    /** The user's machine, with the working directory inside the secret project. */
    private static TestMachine machine(Path dir) throws IOException {
        TestMachine m = new TestMachine(dir, USER);
        Path cwd = m.home.resolve("projects").resolve(SECRET_PROJECT);
        m.sysProps.put("user.dir", cwd.toString());
        Project.create(cwd, SECRET_PROJECT, "console");
        Project crashing = Project.create(cwd.resolve("ann.smith-tools"), "ann.smith-tools", "console");
        Files.writeString(crashing.root.resolve("src/zz-broken.fs"), "#crash on purpose\n");
        Files.writeString(cwd.resolve("ann.smith@example.org-data.csv"), "rooms,price\n3,300\n4,410\n");
        m.acknowledgeNotice(ForgeRun.TOOL);
        return m;
    }

    private static List<String[]> invocations(TestMachine m) {
        Path cwd = Path.of(m.sysProps.get("user.dir"));
        return List.of(
                new String[] {
                    "publish",
                    "--api-key",
                    TOKEN,
                    "--source",
                    m.home.resolve("feed").toString(),
                    "--project",
                    cwd.toString()
                },
                new String[] {
                    "auto-train",
                    "--dataset",
                    cwd.resolve("ann.smith@example.org-data.csv").toString(),
                    "--task",
                    "regression"
                },
                new String[] {
                    "build", "--project", cwd.resolve("ann.smith-tools").toString()
                },
                new String[] {
                    "new",
                    "console",
                    "-o",
                    m.home.resolve(SECRET_PROJECT + "-app").toString(),
                    "--name",
                    "ann.smith"
                });
    }

    /** Each invocation does what it should, so the searches below look at real events. */
    private static void assertRanAsExpected(List<Result> results) {
        assertThat(results).extracting(Result::exit).containsExactly(0, 0, 1, 0);
        assertThat(results.get(2).err())
                .contains("IllegalStateException: compiler crashed on ")
                .contains(USER);
    }

    @Test
    void plantedStringsNeverLeaveTheToolNorReachItsTelemetryFiles() throws Exception {
        TestMachine wire = machine(root.resolve("wire"));
        List<Path> stateDirs = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (RecordingCollector collector = RecordingCollector.start()) {
            List<Result> results = new ArrayList<>();
            for (String[] args : invocations(wire)) {
                // One state folder per run, so that each run's spool and trace log are searched on their own.
                Path state = wire.stateDir(ForgeRun.TOOL).resolveSibling("telemetry-" + args[0]);
                Files.createDirectories(state);
                Files.writeString(state.resolve("notice-shown"), "1");
                stateDirs.add(state);
                wire.env.put("FORGE_TELEMETRY_HOME", state.toString());
                results.add(ForgeRun.run(ForgeRun.telemetry(wire, collector.url(), Duration.ofSeconds(5)), args));
                assertThat(collector.awaitRequests(results.size(), Duration.ofSeconds(10)))
                        .as("%s was sent", args[0])
                        .isTrue();
            }
            assertRanAsExpected(results);
            for (RecordingCollector.Request r : collector.requests()) {
                bodies.add(r.body());
                assertClean("request body", r.body(), wire);
                assertClean("raw request bytes", new String(r.raw(), StandardCharsets.ISO_8859_1), wire);
                assertClean("request line and headers", r.method() + " " + r.target() + " " + r.headers(), wire);
            }
            assertThat(Wire.eventNames(String.join("", bodies)))
                    .contains("cli.command", "cli.crash", "template.created")
                    .hasSizeGreaterThanOrEqualTo(6);
            assertThat(String.join("", bodies)).contains("command.file.dataset.hash", "exception.stacktrace");

            for (Path state : stateDirs) {
                wire.env.put("FORGE_TELEMETRY_HOME", state.toString());
                Telemetry t = ForgeRun.telemetry(wire, collector.url(), Duration.ofSeconds(5));
                Result show = ForgeRun.run(t, "telemetry", "show");
                assertThat(show.exit()).isZero();
                // The "# Sent (n), from <file>" headings name the local log file for the user; the data lines follow.
                assertThat(show.out()).contains("\"eventName\": ");
                show.out()
                        .lines()
                        .filter(l -> !l.startsWith("# "))
                        .forEach(l -> assertClean("telemetry show", l, wire));
                Path zip = root.resolve("exports").resolve(state.getFileName() + ".zip");
                assertThat(ForgeRun.run(t, "telemetry", "export", "-o", zip.toString())
                                .exit())
                        .isZero();
                Map<String, String> entries = unzip(zip);
                assertThat(entries).containsKey("sent/telemetry.log");
                assertThat(entries.get("sent/telemetry.log")).contains("\"eventName\":");
                entries.forEach((name, text) -> assertClean("export " + zip.getFileName() + "!" + name, text, wire));
            }
            assertStateFolderClean(wire);
        }

        TestMachine debug = machine(root.resolve("debug"));
        debug.env.put("FORGE_TELEMETRY_DEBUG", "1");
        try (RecordingCollector silent = RecordingCollector.start()) {
            List<Result> results = new ArrayList<>();
            for (String[] args : invocations(debug)) {
                results.add(ForgeRun.run(ForgeRun.telemetry(debug, silent.url(), Duration.ofSeconds(5)), args));
            }
            assertRanAsExpected(results);
            assertThat(silent.requests()).as("the debug sink sends nothing").isEmpty();
        }
        String stderr = debug.stderr();
        assertThat(stderr)
                .contains("\"event\":\"cli.crash\"", "\"event\":\"template.created\"", "command.file.dataset.hash");
        assertThat(stderr.lines()).hasSizeGreaterThanOrEqualTo(6);
        assertClean("debug stderr", stderr, debug);
        assertStateFolderClean(debug);
    }

    private static void assertStateFolderClean(TestMachine m) throws IOException {
        Path stateRoot = m.home.resolve(".local/state");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(stateRoot)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String where = "state file " + stateRoot.relativize(f);
            assertClean(where + " (name)", stateRoot.relativize(f).toString(), m);
            assertClean(where, new String(Files.readAllBytes(f), StandardCharsets.UTF_8), m);
        }
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void assertClean(String where, String text, TestMachine m) {
        for (String planted : List.of(
                "ann.smith", "zqplantedw", "example.org", TOKEN, "ghp_", SECRET_PROJECT, m.home.toString(), USER)) {
            assertThat(text)
                    .as("%s contains the planted \"%s\"", where, planted)
                    .doesNotContain(planted);
        }
    }
}
