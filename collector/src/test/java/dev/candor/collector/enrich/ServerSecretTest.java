package dev.candor.collector.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSecretTest {
    @TempDir
    Path dir;

    @Test
    void isGeneratedOnceReadableByTheOwnerOnlyAndKept() throws Exception {
        byte[] first = ServerSecret.load(Optional.empty(), dir);
        byte[] second = ServerSecret.load(Optional.empty(), dir);

        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ServerSecret.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void aConfiguredSecretWinsAndWritesNoFile() {
        byte[] secret = ServerSecret.load(Optional.of("an operator's secret of at least 32 chars"), dir);

        assertThat(new String(secret)).isEqualTo("an operator's secret of at least 32 chars");
        assertThat(dir.resolve(ServerSecret.FILE_NAME)).doesNotExist();
    }

    @Test
    void aDamagedFileStopsTheStartInsteadOfSilentlyChangingEveryId() throws Exception {
        Files.writeString(dir.resolve(ServerSecret.FILE_NAME), "not hex\n");

        assertThatThrownBy(() -> ServerSecret.load(Optional.empty(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a server secret")
                .hasMessageNotContaining("not hex");
    }

    @Test
    void machineIdsDependOnTheSecretAndTheTool() {
        MachineIdHasher a = new MachineIdHasher("secret-a".getBytes());
        MachineIdHasher b = new MachineIdHasher("secret-b".getBytes());

        assertThat(a.hash("forge", "m1"))
                .matches("[0-9a-f]{64}")
                .isEqualTo(a.hash("forge", "m1"))
                .isNotEqualTo(b.hash("forge", "m1"))
                .isNotEqualTo(a.hash("other", "m1"));
    }
}
