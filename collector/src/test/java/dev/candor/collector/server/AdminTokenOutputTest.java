package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.testing.CollectorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector run as a service (no terminal: its stdout goes to journald or a file) never prints the
 * admin token it generates: it writes it once to an owner-only file and prints where.
 */
class AdminTokenOutputTest {
    @TempDir
    Path dir;

    @Test
    void withoutATerminalTheGeneratedTokenGoesToAnOwnerOnlyFileNotToStdout() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("collector.log");
        try (CollectorProcess c = CollectorProcess.start(data, log, Map.of())) {
            assertThat(c.pid()).isPositive();
            Path file = data.resolve("admin-token.txt");
            // The start is seen by its "listening" log line; the token is written just after, with the notice.
            dev.candor.collector.testing.Eventually.within(
                    java.time.Duration.ofSeconds(30),
                    "the token notice",
                    () -> Files.readString(log).contains("the generated admin token is in "));
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            String token = Files.readString(file).strip();
            assertThat(token).hasSizeGreaterThanOrEqualTo(40);
            String hash = Files.readString(data.resolve("admin-token.sha256")).strip();
            assertThat(hash)
                    .isEqualTo("sha256:"
                            + HexFormat.of()
                                    .formatHex(MessageDigest.getInstance("SHA-256")
                                            .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            String printed = Files.readString(log);
            assertThat(printed)
                    .contains("the generated admin token is in " + file)
                    .doesNotContain(token);
        }
    }
}
