package dev.candor.collector.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real file-system conditions under a test's folders: a read-only bind mount, a small tmpfs that can
 * be filled. Needs root and the right to mount (a container may refuse it): where {@code mount} fails,
 * the test is skipped with mount's own words, never passed. Unmounts everything it mounted at close.
 */
@SuppressWarnings("try") // close() waits for umount, which may be interrupted
public final class Mounts implements AutoCloseable {
    private final Deque<Path> mounted = new ArrayDeque<>();

    /** Makes {@code dir} read-only in place (a bind mount of itself, remounted read-only). */
    public void readOnly(Path dir) throws IOException, InterruptedException {
        mount("mount", "--bind", dir.toString(), dir.toString());
        mounted.push(dir);
        mount("mount", "-o", "remount,bind,ro", dir.toString());
    }

    /** Puts a tmpfs of {@code size} (such as {@code 128k}) over {@code dir}, keeping what the folder held. */
    public void tmpfs(Path dir, String size) throws IOException, InterruptedException {
        Path aside = Files.createTempDirectory(dir.getParent(), "aside-");
        copy(dir, aside);
        mount("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        mounted.push(dir);
        copy(aside, dir);
    }

    /** Writes a file into {@code dir} until the file system is full; returns it (delete it to free the space). */
    public static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return filler;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void mount(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(
                ended && p.exitValue() == 0, () -> String.join(" ", cmd) + " is not permitted here: " + said);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        while (!mounted.isEmpty()) {
            Path dir = mounted.pop();
            Process p = new ProcessBuilder(List.of("umount", "-l", dir.toString()))
                    .redirectErrorStream(true)
                    .start();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
