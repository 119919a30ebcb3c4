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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SDK.md's two quick starts, as a tool author pastes them: each marked code block is the one file
 * of a new Maven project outside the build, whose dependencies are the docs' dependency block, resolved
 * from the installed artifacts; it is built with {@code mvn package} and run as a separate process (the
 * notice, then collected runs), so the docs cannot drift from the code.
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
    void tearDown() throws Exception {
        // The detached uploader a run started ends once nothing is queued (within its 30 s lifetime);
        // it must be gone before the folder it works in is deleted, and it must not outlive its work.
        String folder = root.toString();
        for (ProcessHandle uploader : uploadersIn(folder)) {
            uploader.onExit().get(45, TimeUnit.SECONDS);
        }
        collector.close();
        assertThat(uploadersIn(folder)).as("uploaders still running").isEmpty();
    }

    private static List<ProcessHandle> uploadersIn(String folder) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> String.join(" ", a))
                        .orElse("")
                        .contains(folder))
                .toList();
    }

    @Test
    void thePicocliQuickStartCompilesRunsAndRecordsItsCommand() throws Exception {
        String classes = compile("Hello.java");

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
        String classes = compile("MyTool.java");

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

    /**
     * A new Maven project outside the build: its dependencies are docs/SDK.md's "Add the dependency"
     * block, its one source file the code block after {@code <!-- quickstart: NAME -->}. The artifacts it
     * depends on are installed, as {@code mvn install} would, into a repository of the test's own, which
     * the project names; plugins come from this build's local repository. Returns the class path to run
     * it with: its classes and what Maven resolved for it.
     */
    private String compile(String name) throws Exception {
        String md = Files.readString(SDK_MD);
        String marker = "<!-- quickstart: " + name + " -->\n```java\n";
        int start = md.indexOf(marker);
        assertThat(start).as("docs/SDK.md marks a quick start " + name).isNotNegative();
        String code = md.substring(start + marker.length(), md.indexOf("```\n", start + marker.length()));
        int deps = md.indexOf("```xml\n", md.indexOf("## Add the dependency"));
        String dependencies = md.substring(deps + "```xml\n".length(), md.indexOf("```\n", deps + 6));

        Path repo = installedArtifacts();
        Path project = Files.createDirectories(root.resolve("project-" + name));
        Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("src/main/java").resolve(name), code);
        Files.writeString(project.resolve("pom.xml"), pom(dependencies, repo));
        Path cp = project.resolve("classpath.txt");
        List<String> mvn = List.of(
                "mvn",
                "-B",
                "-q",
                "-Dmaven.repo.local=" + System.getProperty("candor.localRepository"),
                "package",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + cp);
        Path log = project.resolve("mvn.log");
        Process p = new ProcessBuilder(mvn)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("mvn package ends").isTrue();
        assertThat(p.exitValue())
                .as("mvn package of the quick start " + name + ":\n" + Files.readString(log))
                .isZero();
        return project.resolve("target/classes")
                + File.pathSeparator
                + Files.readString(cp).strip();
    }

    private static final String VERSION = "0.1.0-SNAPSHOT";

    /** candor-parent, candor-sdk and candor-picocli in a Maven repository layout, from this build. */
    private Path installedArtifacts() throws Exception {
        Path repo = root.resolve("repo");
        if (!Files.isDirectory(repo)) {
            install(repo, "candor-parent", Path.of("../../pom.xml"), null);
            install(repo, "candor-sdk", Path.of("../../sdk/pom.xml"), jar("candor-sdk", "sdk"));
            install(repo, "candor-picocli", Path.of("../../picocli/pom.xml"), jar("candor-picocli", "picocli"));
        }
        return repo;
    }

    private static void install(Path repo, String artifact, Path pom, Path jar) throws Exception {
        Path dir = Files.createDirectories(
                repo.resolve("dev/candor").resolve(artifact).resolve(VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
        }
    }

    /** The module's jar as this build made it. */
    private static Path jar(String artifact, String module) {
        Path built = Path.of("../../" + module + "/target/" + artifact + "-" + VERSION + ".jar");
        assertThat(built)
                .as("the " + module + " jar (the build's package phase makes it)")
                .isRegularFile();
        return built;
    }

    private static String pom(String dependencies, Path repo) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.example</groupId>
                  <artifactId>quickstart</artifactId>
                  <version>1.0.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository><id>candor-installed</id><url>%s</url></repository>
                  </repositories>
                  <dependencies>
                %s
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                      <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(repo.toUri(), dependencies);
    }

    private Run run(String classPath, String main, String prefix, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath, main));
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
