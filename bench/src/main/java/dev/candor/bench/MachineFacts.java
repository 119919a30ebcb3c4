package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.waitFor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The machine a benchmark ran on, for its report: cores, CPU model, memory, JDK and kernel. */
public record MachineFacts(String nproc, String cpu, String memory, String java, String kernel) {
    /** Reads them; {@code work} holds the short-lived files that capture command output. */
    public static MachineFacts collect(Path work) {
        return new MachineFacts(
                firstLine(
                        capture(work, "nproc"),
                        Integer.toString(Runtime.getRuntime().availableProcessors())),
                procField("/proc/cpuinfo", "model name"),
                totalMemory(),
                firstLine(capture(work, "java", "-version"), "unknown"),
                firstLine(capture(work, "uname", "-r"), "unknown"));
    }

    private static String totalMemory() {
        String kb = procField("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "");
        return kb.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    }

    private static String procField(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux, or not readable.
        }
        return "unknown";
    }

    /** Output of a short command; written to a file so a timeout cannot leave a pipe blocked. */
    private static String capture(Path work, String... cmd) {
        try {
            Path out = Files.createTempFile(work, "capture", ".txt");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!waitFor(p, Duration.ofSeconds(10))) {
                p.destroyForcibly();
                return "";
            }
            return Files.readString(out);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstLine(String text, String fallback) {
        String line = text.lines().findFirst().orElse("").trim();
        return line.isEmpty() ? fallback : line;
    }
}
