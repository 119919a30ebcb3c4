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

/**
 * Starts forge exactly as bin/forge does, through a bash that reports forge's CPU time ({@code times}:
 * user and system time of the children it waited for), and times it from start() to waitFor(). The
 * shell costs on and off runs the same, so it cancels out of what telemetry adds.
 */
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
        cmd.addAll(List.of(
                "-XX:ArchiveClassesAtExit=" + jsa,
                "-Djava.io.tmpdir=" + train.resolve("tmp"),
                "-jar",
                jar.toString(),
                "build"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(train.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
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
        List<String> shell = new ArrayList<>(
                List.of("/bin/bash", "-c", "\"$@\" </dev/null >/dev/null 2>&1; s=$?; times; exit $s", "forge-run"));
        shell.addAll(command(args));
        Path times = Files.createTempFile(workingDirectory.getParent(), "times", ".txt");
        ProcessBuilder pb = new ProcessBuilder(shell)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(times.toFile())
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
            Files.deleteIfExists(times);
            return new RunResult(nanos, Double.NaN, -1, false);
        }
        if (p.exitValue() != 0) {
            nonZeroExits.incrementAndGet();
        }
        double cpu = childrenCpuMillis(Files.readString(times));
        Files.deleteIfExists(times);
        return new RunResult(nanos, cpu, p.exitValue(), true);
    }

    /** The second line of bash's {@code times}, {@code 0m0.412s 0m0.071s}: the children's user + system time. */
    static double childrenCpuMillis(String timesOutput) {
        String[] lines = timesOutput.trim().split("\n");
        if (lines.length < 2) {
            return Double.NaN;
        }
        double total = 0;
        for (String field : lines[1].trim().split("\\s+")) {
            int m = field.indexOf('m');
            total += Double.parseDouble(field.substring(0, m)) * 60_000
                    + Double.parseDouble(field.substring(m + 1, field.length() - 1)) * 1000;
        }
        return total;
    }

    int timeouts() {
        return timeouts.get();
    }

    int nonZeroExits() {
        return nonZeroExits.get();
    }

    int processes() {
        return processes.get();
    }
}
