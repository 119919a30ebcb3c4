package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.JVM_FLAGS;
import static dev.candor.bench.ForgeOverhead.PROCESS_TIMEOUT;
import static dev.candor.bench.ForgeOverhead.log;
import static dev.candor.bench.ForgeOverhead.waitFor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts forge exactly as bin/forge does and times it from start() to waitFor(). */
final class Launcher {
    private final Path jar;
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger nonZeroExits = new AtomicInteger();
    private final AtomicInteger processes = new AtomicInteger();

    private Path archive;

    Launcher(Path jar) {
        this.jar = jar;
    }

    /**
     * Trains an AppCDS archive with one {@code forge build}, in a private state folder with the
     * notice acknowledged and a closed endpoint, as bin/forge does on first use; later runs map it.
     */
    Path trainArchive(Path into) throws IOException {
        Path train = Files.createDirectories(into.resolve("cds-training"));
        Path state = Files.createDirectories(train.resolve("state"));
        Files.writeString(state.resolve("notice-shown"), "1");
        Files.createDirectories(train.resolve("tmp"));
        Path jsa = into.resolve("forge.jsa");
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Djava.io.tmpdir=" + train.resolve("tmp"), "-jar", jar.toString(), "build"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(train.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", train.toString());
        pb.environment().put("XDG_CONFIG_HOME", train.resolve("config").toString());
        pb.environment().put("FORGE_TELEMETRY_HOME", state.toString());
        pb.environment().put("FORGE_TELEMETRY_ENDPOINT", "http://127.0.0.1:9");
        Process p = pb.start();
        if (!waitFor(p, PROCESS_TIMEOUT) || p.exitValue() != 0 || !Files.isRegularFile(jsa)) {
            p.destroyForcibly();
            throw new IOException("could not train the AppCDS archive");
        }
        archive = jsa;
        return jsa;
    }

    List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(JVM_FLAGS);
        if (archive != null) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return cmd;
    }

    RunResult run(List<String> args, Map<String, String> environment, Path workingDirectory) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args))
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(environment);
        processes.incrementAndGet();
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = waitFor(p, PROCESS_TIMEOUT);
        long nanos = System.nanoTime() - start;
        if (!done) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(10));
            timeouts.incrementAndGet();
            log("forge " + String.join(" ", args) + " did not finish in " + PROCESS_TIMEOUT.toSeconds()
                    + " s and was killed");
            return new RunResult(nanos, -1, false);
        }
        if (p.exitValue() != 0) {
            nonZeroExits.incrementAndGet();
        }
        return new RunResult(nanos, p.exitValue(), true);
    }

    int timeouts() { return timeouts.get(); }
    int nonZeroExits() { return nonZeroExits.get(); }
    int processes() { return processes.get(); }
}
