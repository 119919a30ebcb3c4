package dev.candor.telemetry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A class-data archive (HotSpot's AppCDS) for the uploader's JVM, kept in the spool: an uploader over
 * HTTPS loads the JDK's TLS and HTTP classes, and mapping them from an archive saves it about 15 % of
 * its CPU time (100 of 670 ms, bench/run-uploader-archive.sh). The first uploader writes the archive at
 * its exit (about 400 ms more, once); every later one maps it.
 *
 * <p>An archive that is half written would crash the JVM that maps it, so it is written under a
 * temporary name and renamed into place by the shell that started the uploader, only when the uploader
 * exited with status 0 (it does so only after a successful upload, which is also what makes the archive
 * worth having: the TLS classes are in it). An uploader that never got going (its start stamp is still
 * there when the next run looks) may have been killed by a bad archive: the next start goes without one
 * and writes a new one. The archive is named after what it depends on (the JDK, the jars' paths, sizes
 * and times), so a new JDK or a new version of the tool makes a new one; the old one is deleted then.
 * Windows starts the uploader without a shell, and so without an archive.
 */
final class UploaderClasses {
    private static final String PREFIX = ".uploader-classes-";

    /** The JVM flags to add, and for a first (training) start the two paths the shell renames between. */
    record Plan(List<String> jvmFlags, Optional<Path> writtenTo, Optional<Path> renamedTo) {
        static final Plan NONE = new Plan(List.of(), Optional.empty(), Optional.empty());

        boolean training() {
            return writtenTo.isPresent();
        }
    }

    private UploaderClasses() {}

    /**
     * The archive for an uploader run by {@code javaHome}'s JVM from {@code classPath}, or {@link Plan#NONE}
     * where archives do not apply: another JVM than this one (its flags may differ), not HotSpot, the
     * SDK's classes in a folder rather than a jar.
     *
     * @param previousStartStuck the last start's stamp is still there: that uploader never ran its code
     */
    static Plan plan(Path spoolDir, List<Path> classPath, String javaHome, boolean previousStartStuck) {
        String vm = System.getProperty("java.vm.name", "");
        if (!javaHome.equals(System.getProperty("java.home"))
                || !classPath.stream().allMatch(Files::isRegularFile)
                || !(vm.contains("HotSpot") || vm.startsWith("OpenJDK"))) {
            return Plan.NONE;
        }
        try {
            String key = key(javaHome, classPath);
            Path archive = spoolDir.resolve(PREFIX + key + ".jsa");
            if (previousStartStuck) {
                Files.deleteIfExists(archive);
            }
            if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                return new Plan(List.of("-XX:SharedArchiveFile=" + archive), Optional.empty(), Optional.empty());
            }
            deleteOthers(spoolDir, key);
            // Ends in .tmp: the spool's clean-up removes one left by an uploader killed while writing it.
            Path written = spoolDir.resolve(PREFIX + key + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".jsa.tmp");
            return new Plan(List.of("-XX:ArchiveClassesAtExit=" + written), Optional.of(written), Optional.of(archive));
        } catch (IOException | RuntimeException e) {
            return Plan.NONE;
        }
    }

    private static String key(String javaHome, List<Path> classPath) throws IOException {
        StringBuilder what = new StringBuilder(javaHome).append('\n').append(System.getProperty("java.vm.version", ""));
        for (Path jar : classPath) {
            what.append('\n')
                    .append(jar.toAbsolutePath())
                    .append(' ')
                    .append(Files.size(jar))
                    .append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis());
        }
        byte[] d = Sha256.digest(what.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            hex.append(String.format(Locale.ROOT, "%02x", d[i]));
        }
        return hex.toString();
    }

    /** Archives for another JDK or another SDK jar: they will not be used again. */
    private static void deleteOthers(Path spoolDir, String key) {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(spoolDir, PREFIX + "*.jsa")) {
            for (Path p : old) {
                if (!p.getFileName().toString().equals(PREFIX + key + ".jsa")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Left for a later start.
        }
    }
}
