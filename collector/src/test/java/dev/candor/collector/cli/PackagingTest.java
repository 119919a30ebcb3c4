package dev.candor.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** packaging/candor.service as systemd reads it, and what it promises the operator. */
class PackagingTest {
    private static final Path UNIT = Path.of("../packaging/candor.service");

    @Test
    void theUnitVerifiesAndReloadsWithSighupAndKeepsSecretsOutOfItself() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit)
                .contains("ExecReload=/bin/kill -HUP $MAINPID")
                .contains("EnvironmentFile=/etc/candor/candor.env")
                .contains("NoNewPrivileges=yes")
                .contains("ProtectSystem=strict")
                .contains("UMask=0077")
                .doesNotContain("PASSWORD=")
                .doesNotContain("TOKEN=");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Process p = new ProcessBuilder(
                        "/usr/bin/systemd-analyze",
                        "verify",
                        UNIT.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("systemd-analyze verify").isEmpty();
    }
}
