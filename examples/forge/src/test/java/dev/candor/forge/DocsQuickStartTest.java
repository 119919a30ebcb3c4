package dev.candor.forge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.RecordingCollector;
import dev.candor.telemetry.testing.Wire;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SDK.md's two quick starts, as a tool author pastes them: each marked code block is written to a
 * file of a new project outside the build, compiled against the SDK's jars, and run twice as a separate
 * process (the notice, then a collected run), so the docs cannot drift from the code.
 */
class DocsQuickStartTest {
    private static final Path SDK_MD = Path.of("../../docs/SDK.md");

    @TempDir
    Path root;

    RecordingCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        collector = RecordingCollector.start();
    }

    @AfterEach
    void tearDown() {
        collector.close();
    }

    @Test
    void thePicocliQuickStartCompilesRunsAndRecordsItsCommand() throws Exception {
        Path classes = compile("Hello.java");

        Run notice = run(classes, "Hello", "HELLO", "greet", "--style", "formal");
        Run second = run(classes, "Hello", "HELLO", "greet", "--style", "formal");

        assertThat(notice.exit()).isZero();
        assertThat(notice.out()).isEqualTo("Good day.\n");
        assertThat(notice.err()).contains("https://example.org/hello/privacy");
        assertThat(second.exit()).isZero();
        String record = sentCommand();
        assertThat(Wire.string(record, "command.path")).contains("greet");
        assertThat(Wire.string(record, "command.option.style")).contains("formal");
        assertThat(Wire.integer(record, "process.exit.code")).contains(0L);
    }

    @Test
    void thePlainQuickStartCompilesRunsAndRecordsItsCommand() throws Exception {
        Path classes = compile("MyTool.java");

        run(classes, "MyTool", "MYTOOL", "train", "--task", "regression");
        Run second = run(classes, "MyTool", "MYTOOL", "train", "--task", "regression", "--no-telemetry");
        Run third = run(classes, "MyTool", "MYTOOL", "train", "--task", "regression");
        Run status = run(classes, "MyTool", "MYTOOL", "telemetry", "status");

        assertThat(List.of(second.exit(), third.exit(), status.exit())).containsOnly(0);
        assertThat(third.out()).isEqualTo("trained\n");
        assertThat(status.out()).contains("Telemetry level: all");
        String record = sentCommand();
        assertThat(Wire.string(record, "command.path")).contains("train");
        assertThat(Wire.string(record, "command.option.task")).contains("regression");
        assertThat(collector.requests())
                .as("one collected run: not the notice, --no-telemetry or status")
                .hasSize(1);
    }

    /** The code block after {@code <!-- quickstart: NAME -->} in docs/SDK.md, compiled on its own. */
    private Path compile(String name) throws Exception {
        String md = Files.readString(SDK_MD);
        String marker = "<!-- quickstart: " + name + " -->\n```java\n";
        int start = md.indexOf(marker);
        assertThat(start).as("docs/SDK.md marks a quick start " + name).isNotNegative();
        String code = md.substring(start + marker.length(), md.indexOf("```\n", start + marker.length()));
        Path project = Files.createDirectories(root.resolve("project-" + name));
        Files.writeString(project.resolve(name), code);
        Path classes = Files.createDirectories(project.resolve("classes"));
        int compiled = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        classPath(),
                        project.resolve(name).toString());
        assertThat(compiled).as("javac " + name + " from docs/SDK.md").isZero();
        return classes;
    }

    /** The SDK, picocli integration and picocli jars this module is built against, and nothing else. */
    private static String classPath() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("candor-sdk") && !entry.contains("tests")
                    || entry.contains("candor-picocli")
                    || entry.contains("picocli-")
                    || entry.matches(".*/(sdk|picocli|common)/target/classes")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private Run run(Path classes, String main, String prefix, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes + File.pathSeparator + classPath(),
                main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.equals("CI")
                        || k.startsWith("GITHUB_")
                        || k.equals("DO_NOT_TRACK")
                        || k.endsWith("_TELEMETRY_OPTOUT")
                        || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("HOME", root.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", root.resolve("home/.config").toString());
        env.put(prefix + "_TELEMETRY_HOME", root.resolve("state-" + prefix).toString());
        env.put(prefix + "_TELEMETRY_ENDPOINT", collector.url().toString());
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(main + " ends").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private String sentCommand() throws Exception {
        // An interactive run queues its event for the detached uploader, which sends within its 20 s window.
        assertThat(collector.awaitRequests(1, Duration.ofSeconds(60))).isTrue();
        return Wire.record(collector.requests().get(0).body(), "cli.command");
    }

    private record Run(int exit, String out, String err) {}
}
