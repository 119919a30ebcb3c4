package dev.candor.collector.testing;

import dev.candor.telemetry.testing.TestMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code bin/forge}, as a user runs it: on a test machine's home and XDG folders,
 * interactive (no CI variable), with nothing else of the real environment but {@code PATH}.
 */
public final class BinForge {
    /** The launcher, from the collector module's folder (where Maven runs its tests). */
    public static final Path LAUNCHER =
            Path.of("..", "bin", "forge").toAbsolutePath().normalize();

    private BinForge() {}

    /**
     * A test machine under {@code root} that has seen forge's notice, with a console project in its
     * working directory: ready for {@code forge build}.
     */
    public static TestMachine machineWithProject(Path root) throws IOException {
        TestMachine m = new TestMachine(root);
        m.acknowledgeNotice("forge");
        Files.writeString(m.cwd.resolve("forge.project"), "name=app\ntemplate=console\n");
        Files.createDirectories(m.cwd.resolve("src"));
        Files.writeString(m.cwd.resolve("src/main.fs"), "print Hello from app!\n");
        return m;
    }

    /** What one run did, and how long it took from start to exit. */
    public record Result(int exit, String out, String err, long millis) {}

    /** Runs {@code bin/forge args} in the machine's working directory with {@code env} on top of the machine's. */
    public static Result run(TestMachine m, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        return exec(m, env, cmd);
    }

    /** Runs a bash command line (for pipes) with the same environment; {@code $FORGE} is the launcher. */
    public static Result shell(TestMachine m, Map<String, String> env, String script)
            throws IOException, InterruptedException {
        return exec(m, env, List.of("/bin/bash", "-c", "set -o pipefail; " + script));
    }

    private static Result exec(TestMachine m, Map<String, String> env, List<String> cmd)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(m.home.getParent(), "forge-out", ".txt");
        Path err = Files.createTempFile(m.home.getParent(), "forge-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(m.cwd.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> e = pb.environment();
        e.clear();
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("HOME", m.env.get("HOME"));
        e.put("XDG_STATE_HOME", m.env.get("XDG_STATE_HOME"));
        e.put("XDG_CONFIG_HOME", m.env.get("XDG_CONFIG_HOME"));
        e.put("FORGE", LAUNCHER.toString());
        e.putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", cmd) + " did not end in 120 s");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err), millis);
    }

    /** The detached uploaders of a state folder and the shells that start them: their command lines name it. */
    public static List<ProcessHandle> uploaders(Path stateDir) {
        String state = stateDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().arguments().map(List::of).orElse(List.of()).contains(state))
                .toList();
    }

    /** Waits for every uploader of the state folder to end (each ends within its lifetime, under a minute). */
    public static boolean awaitNoUploader(Path stateDir, long timeout, TimeUnit unit) throws Exception {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        // Until a started uploader holds the lock (it deletes the start stamp then; one older than 5 s
        // is a start that failed): before that its process may not be visible yet.
        Path stamp = stateDir.resolve("spool").resolve(".uploader-started");
        long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        Object monitor = new Object();
        while (Files.exists(stamp) && System.nanoTime() < started) {
            synchronized (monitor) {
                monitor.wait(20);
            }
        }
        // A shell that is starting an uploader forks it: look again until none is left.
        for (List<ProcessHandle> running = uploaders(stateDir); !running.isEmpty(); running = uploaders(stateDir)) {
            for (ProcessHandle p : running) {
                try {
                    p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
