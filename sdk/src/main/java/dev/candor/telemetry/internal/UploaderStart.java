package dev.candor.telemetry.internal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Starts the detached {@link Uploader} when none is running or starting for this state folder. The
 * check is one lock attempt and one file time; the start itself (a {@code ProcessBuilder} in a fresh
 * JVM, about 25 ms) runs on the run's background thread while the tool works, and only rarely at exit.
 *
 * <p>On Linux and macOS the uploader is started through {@code /bin/sh}, which puts it in the
 * background and exits at once: a JVM whose direct child is still running waits up to 300 ms at exit
 * for the thread that watches it, so the tool never has a child of its own at exit. The shell ignores
 * SIGINT and SIGHUP for the uploader (ignored signals survive {@code exec}, and the JVM keeps them
 * ignored), so Ctrl-C in the terminal or closing it does not cut an upload short; it waits a second
 * before the uploader's JVM starts, so that its start-up does not compete with the tool's for the CPU.
 * Its standard streams are {@code /dev/null}: {@code tool | cat} ends when the tool does. On Windows
 * {@code cmd /c start /b} plays the shell's part, with {@code javaw.exe} (no console window).
 */
public final class UploaderStart {
    /** Written just before a start: a run that finds it younger than this trusts the uploader to come. */
    static final String STAMP = ".uploader-started";

    private static final long STARTING_MILLIS = 5000;
    private static final String[] JVM_FLAGS = {
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData"
    };

    private UploaderStart() {}

    /** True when an uploader holds the spool's lock, or one was started moments ago and is still starting. */
    public static boolean runningOrStarting(SpoolQueue spool) {
        try {
            long age = System.currentTimeMillis()
                    - Files.getLastModifiedTime(spool.dir().resolve(STAMP)).toMillis();
            if (age >= 0 && age < STARTING_MILLIS) {
                return true;
            }
        } catch (IOException | RuntimeException noneStarting) {
            // no stamp: the lock tells
        }
        Optional<FileLock> lock = spool.tryLockSender();
        if (lock.isEmpty()) {
            return true;
        }
        try {
            lock.get().release();
            lock.get().channel().close();
        } catch (IOException e) {
            // The lock goes with the channel.
        }
        return false;
    }

    /**
     * True while the collector failed lately (1 s, 2 s, 4 s ... up to a minute after the last failure):
     * no uploader is started then, and what is queued waits for a run after the backoff.
     */
    public static boolean backingOff(SpoolQueue spool, java.time.Clock clock) {
        return !new EndpointHealth(spool.dir(), clock).mayTry();
    }

    /** A file name for {@link #start}'s run marker: unique to one run. */
    public static String newRunMarker() {
        return ".run-"
                + Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
    }

    static boolean isRunMarker(String name) {
        return name.startsWith(".run-") && name.length() <= 24 && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }

    /**
     * Writes the settings and starts an uploader for {@code stateDir}. False when it could not start
     * (no shell, no java, the SDK's classes not in a file): what is queued then waits for a later run.
     *
     * @param runMarker for a start while the run still works: a name from {@link #newRunMarker}, created
     *     here in the spool, that the run deletes once its events are queued; the uploader waits for that.
     *     Null when the run's events are queued already.
     */
    public static boolean start(
            UploaderSettings settings, Path stateDir, String javaHome, String osName, String runMarker) {
        try {
            Optional<List<Path>> classes = sdkClasses();
            if (classes.isEmpty()) {
                return false;
            }
            Path spoolDir = stateDir.resolve("spool");
            settings.write(spoolDir);
            boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
            // A stamp still there: the last uploader never reached its first lines (see UploaderClasses).
            boolean previousStuck = Files.exists(spoolDir.resolve(STAMP));
            UploaderClasses.Plan archive = windows
                    ? UploaderClasses.Plan.NONE
                    : UploaderClasses.plan(spoolDir, classes.get(), javaHome, previousStuck);
            AtomicFiles.write(spoolDir.resolve(STAMP), new byte[0]);
            if (runMarker != null) {
                AtomicFiles.write(spoolDir.resolve(runMarker), new byte[0]);
            }
            Path java = Path.of(javaHome, "bin", windows ? "javaw.exe" : "java");
            List<String> uploader = new ArrayList<>(List.of(java.toString()));
            uploader.addAll(List.of(JVM_FLAGS));
            // Should its JVM ever crash (a class archive gone bad, say), no hs_err file (it lists the
            // environment) and no core dump are left in the state folder.
            uploader.addAll(List.of("-XX:ErrorFile=" + (windows ? "NUL" : "/dev/null"), "-XX:-CreateCoredumpOnCrash"));
            uploader.addAll(archive.jvmFlags());
            StringBuilder classPath = new StringBuilder();
            for (Path p : classes.get()) {
                classPath
                        .append(classPath.length() == 0 ? "" : File.pathSeparator)
                        .append(p);
            }
            uploader.addAll(List.of(
                    "-cp",
                    classPath.toString(),
                    Uploader.class.getName(),
                    stateDir.toString(),
                    Long.toString(ProcessHandle.current().pid()),
                    runMarker == null ? "-" : runMarker));
            List<String> command = new ArrayList<>();
            if (windows) {
                command.addAll(List.of("cmd.exe", "/d", "/c", "start", "\"candor-uploader\"", "/b"));
            } else if (archive.training()) {
                // The archive is renamed into place only once the uploader that wrote it exited with 0.
                command.addAll(List.of(
                        "/bin/sh",
                        "-c",
                        "(trap '' INT HUP; sleep 1; t=\"$1\"; a=\"$2\"; shift 2; "
                                + "\"$@\" && [ -s \"$t\" ] && mv -f \"$t\" \"$a\"; rm -f \"$t\") </dev/null >/dev/null 2>&1 &",
                        "candor-uploader",
                        archive.writtenTo().get().toString(),
                        archive.renamedTo().get().toString()));
            } else {
                command.addAll(List.of(
                        "/bin/sh",
                        "-c",
                        "(trap '' INT HUP; sleep 1; exec \"$@\") </dev/null >/dev/null 2>&1 &",
                        "candor-uploader"));
            }
            command.addAll(uploader);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.directory(stateDir.toFile());
            pb.start();
            return true;
        } catch (IOException | RuntimeException e) {
            Log.fine("the uploader did not start", e);
            return false;
        }
    }

    /**
     * The jars (or folders) holding the SDK's classes and candor-common's (the scrubber): the uploader
     * needs nothing else. Empty when one is not in a file.
     */
    private static Optional<List<Path>> sdkClasses() {
        List<Path> out = new ArrayList<>();
        for (Class<?> c : List.of(Uploader.class, dev.candor.common.Scrubber.class)) {
            try {
                java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source == null) {
                    return Optional.empty();
                }
                Path p = Path.of(source.getLocation().toURI());
                if (!out.contains(p)) {
                    out.add(p);
                }
            } catch (java.net.URISyntaxException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }
}
