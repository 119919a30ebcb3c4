package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Fresh HOME, XDG state and config folders for one scenario, so runs start from a clean telemetry
 * state (the first run shows the notice) and the real home is never touched. Telemetry-on and
 * telemetry-off runs each have their own: an opt-out deletes what is queued.
 */
record Sandbox(Path home, Path state, Path config, Path cache, Path data) {
    /** Variables removed from the inherited environment: CI detection, proxies, JVM options, consent. */
    private static final Set<String> REMOVED = Set.of(
            "CI",
            "CONTINUOUS_INTEGRATION",
            "BUILD_NUMBER",
            "RUN_ID",
            "GITHUB_ACTIONS",
            "GITLAB_CI",
            "TF_BUILD",
            "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI",
            "BUILD_BUILDID",
            "AGENT_NAME",
            "JENKINS_URL",
            "BUILD_ID",
            "JENKINS_HOME",
            "BUILDKITE",
            "CIRCLECI",
            "TRAVIS",
            "APPVEYOR",
            "TEAMCITY_VERSION",
            "BITBUCKET_BUILD_NUMBER",
            "CODEBUILD_BUILD_ID",
            "DRONE",
            "HEROKU_TEST_RUN_ID",
            "CF_BUILD_ID",
            "SEMAPHORE",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "NO_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "no_proxy",
            "all_proxy",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "DO_NOT_TRACK");

    static Sandbox create(Path dir) throws IOException {
        Sandbox s = new Sandbox(
                dir.resolve("home"),
                dir.resolve("state"),
                dir.resolve("config"),
                dir.resolve("cache"),
                dir.resolve("data"));
        for (Path p : List.of(s.home, s.state, s.config, s.cache, s.data)) {
            Files.createDirectories(p);
        }
        return s;
    }

    /**
     * @param url     the collector forge sends to
     * @param javaOptions JVM options for {@code JAVA_TOOL_OPTIONS} (the trust store for a TLS collector), or none
     */
    Map<String, String> environment(String url, boolean telemetryOn, List<String> javaOptions) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            // FORGE_* and CANDOR_* of the caller (opt-out, debug, endpoint ...) would change what is measured.
            if (!REMOVED.contains(k) && !k.startsWith("FORGE_") && !k.startsWith("CANDOR_") && !k.startsWith("XDG_")) {
                env.put(k, v);
            }
        });
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", state.toString());
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("XDG_DATA_HOME", data.toString());
        env.put("FORGE_TELEMETRY_ENDPOINT", url);
        if (!javaOptions.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", String.join(" ", javaOptions));
        }
        if (!telemetryOn) {
            env.put("FORGE_TELEMETRY_OPTOUT", "1");
        }
        return env;
    }

    Path telemetry() {
        return state.resolve("forge").resolve("telemetry");
    }

    Path uploadsLog() {
        return telemetry().resolve("uploads.log");
    }

    /** The detached uploaders' own accounts in uploads.log: how many ran, and their CPU time in all (ms). */
    long[] uploaders() {
        long count = 0;
        long cpu = 0;
        try {
            if (Files.isRegularFile(uploadsLog())) {
                for (String line : Files.readAllLines(uploadsLog(), StandardCharsets.UTF_8)) {
                    Matcher m = java.util.regex.Pattern.compile("cpu_ms=(\\d+)").matcher(line);
                    if (m.find()) {
                        count++;
                        cpu += Long.parseLong(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            log("cannot read " + uploadsLog() + ": " + e.getMessage());
        }
        return new long[] {count, cpu};
    }

    /** Whether a detached uploader of this state folder is running (a process whose command line names it). */
    boolean uploaderRunning() {
        String marker = telemetry().toString();
        return ProcessHandle.allProcesses()
                .anyMatch(p -> p.info()
                        .arguments()
                        .map(a -> java.util.Arrays.asList(a).contains(marker))
                        .orElse(false));
    }

    Path spool() {
        return telemetry().resolve("spool");
    }

    Path health() {
        return spool().resolve(".endpoint-health");
    }

    Path retryAfter() {
        return spool().resolve(".retry-after");
    }

    SpoolStats spoolStats() {
        int files = 0;
        long bytes = 0;
        if (!Files.isDirectory(spool())) {
            return new SpoolStats(0, 0);
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(spool(), "*.otlp")) {
            for (Path p : s) {
                files++;
                bytes += sizeOrZero(p);
            }
        } catch (IOException e) {
            log("cannot list " + spool() + ": " + e.getMessage());
        }
        return new SpoolStats(files, bytes);
    }

    /** The uids in the queued spool files (each file is a header line and an OTLP ResourceLogs JSON). */
    Set<String> queuedUids() {
        Set<String> uids = new java.util.HashSet<>();
        if (!Files.isDirectory(spool())) {
            return uids;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(spool(), "*.otlp")) {
            for (Path p : s) {
                Matcher m = Recorder.UID.matcher(readOrEmpty(p));
                while (m.find()) {
                    uids.add(m.group(1));
                }
            }
        } catch (IOException e) {
            log("cannot list " + spool() + ": " + e.getMessage());
        }
        return uids;
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // Sent and deleted meanwhile.
        }
    }

    String healthText() {
        try {
            return Files.isRegularFile(health())
                    ? Files.readString(health(), StandardCharsets.US_ASCII).trim()
                    : "(none)";
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // Sent and deleted by a run between listing and sizing.
        }
    }
}
