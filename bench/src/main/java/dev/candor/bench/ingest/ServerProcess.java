package dev.candor.bench.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a JVM of its own, so that its CPU is its own and apart from the load
 * generator's: started, found by the URL it prints, stopped with SIGTERM (a graceful stop, which
 * for the collector commits and checkpoints). Its console goes to a log file.
 */
@SuppressWarnings("try") // close() waits for a process or a server to end, which may be interrupted
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final URI url;

    private ServerProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts {@code command} and waits (up to a minute) for a line that starts with {@code readyPrefix} and ends with the URL. */
    static ServerProcess start(List<String> command, Map<String, String> environment, String readyPrefix, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CANDOR_"));
        pb.environment().putAll(environment);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        URI found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (found == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            logWriter.println(line);
            int at = line.indexOf(readyPrefix);
            if (at >= 0) {
                found = URI.create(line.substring(at + readyPrefix.length()).split(" ")[0]);
            }
        }
        if (found == null) {
            p.destroyForcibly();
            logWriter.close();
            throw new IOException(command.get(command.size() - 1) + " did not start; see " + log);
        }
        Thread pump = new Thread(
                () -> {
                    try (logWriter) {
                        String l;
                        while ((l = out.readLine()) != null) {
                            logWriter.println(l);
                        }
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                },
                "server-log-pump");
        pump.setDaemon(true);
        pump.start();
        return new ServerProcess(p, found);
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then up to 60 s for a graceful stop; true when it exited on its own. */
    boolean stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(60, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
