package dev.candor.collector.testing;

import dev.candor.telemetry.testing.TestMachine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real forge as its own process, started as {@code bin/forge} starts it (same JVM flags), on a
 * test machine's home and XDG folders, sending to {@code endpoint}, in CI: a CI run waits up to 500 ms
 * at exit, so its events usually leave with it. Nothing of the real user's environment is passed on.
 */
public final class ForgeProcess {
    private ForgeProcess() {}

    /**
     * @param extraEnv more variables (a session id, a library to preload); empty for none
     * @param out where stdout goes; {@code err} likewise
     */
    public static Process start(
            TestMachine m, URI endpoint, Map<String, String> extraEnv, Path out, Path err, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-Duser.home=" + m.home,
                "-Djava.io.tmpdir=" + m.sysProps.get("java.io.tmpdir"),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.candor.forge.Forge"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("HOME", m.env.get("HOME"));
        env.put("XDG_STATE_HOME", m.env.get("XDG_STATE_HOME"));
        env.put("XDG_CONFIG_HOME", m.env.get("XDG_CONFIG_HOME"));
        env.put("FORGE_TELEMETRY_ENDPOINT", endpoint.toString());
        env.put("CI", "true");
        env.putAll(extraEnv);
        pb.directory(m.cwd.toFile());
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        return pb.start();
    }
}
