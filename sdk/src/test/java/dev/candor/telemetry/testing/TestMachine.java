package dev.candor.telemetry.testing;

import dev.candor.telemetry.Telemetry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A pretend user's machine in a temp folder: home, working directory, XDG folders, an environment and
 * system properties of its own, and a captured stderr. Nothing touches the real home directory.
 */
public final class TestMachine {
    public final Path home;
    public final Path cwd;
    public final Map<String, String> env = new HashMap<>();
    public final Map<String, String> sysProps = new HashMap<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);

    public TestMachine(Path root) throws IOException {
        this(root, "user");
    }

    public TestMachine(Path root, String userName) throws IOException {
        home = Files.createDirectories(root.resolve("home").resolve(userName));
        cwd = Files.createDirectories(home.resolve("work"));
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        sysProps.put("user.home", home.toString());
        sysProps.put("user.dir", cwd.toString());
        sysProps.put("user.name", userName);
        sysProps.put(
                "java.io.tmpdir", Files.createDirectories(root.resolve("tmp")).toString());
        sysProps.put("os.name", "Linux");
        sysProps.put("os.version", "6.1.0-test");
        sysProps.put("os.arch", "amd64");
        sysProps.put("java.version", "17.0.15");
    }

    /** A builder for tool {@code id} wired to this machine, sending to {@code endpoint}. */
    public Telemetry.Builder telemetry(String id, URI endpoint) {
        return Telemetry.builder(id, "1.2.3")
                .endpoint(endpoint)
                .ingestKey(id + "-public-ingest-key")
                .environment(env)
                .systemProperties(sysProps)
                .stderr(err)
                .hostRoot(home.getParent().getParent())
                .consoleAttached(() -> true);
    }

    /** Marks the notice as already shown, so the next run collects. */
    public void acknowledgeNotice(String id) throws IOException {
        Path marker = stateDir(id).resolve("notice-shown");
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "1");
    }

    public Path stateDir(String id) {
        return home.resolve(".local/state").resolve(id).resolve("telemetry");
    }

    public Path spoolDir(String id) {
        return stateDir(id).resolve("spool");
    }

    /** How many run files wait in the tool's spool. */
    public long spooledFiles(String id) throws IOException {
        if (!Files.isDirectory(spoolDir(id))) {
            return 0;
        }
        try (java.util.stream.Stream<Path> s = Files.list(spoolDir(id))) {
            return s.filter(p -> p.toString().endsWith(".otlp")).count();
        }
    }

    public Path configDir() {
        return home.resolve(".config");
    }

    /** Everything written to stderr so far. */
    public String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    public void clearStderr() {
        stderr.reset();
    }
}
