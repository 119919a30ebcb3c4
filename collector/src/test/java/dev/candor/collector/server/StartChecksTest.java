package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.testing.TestCollector;
import dev.candor.collector.testing.TestKeystore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot succeed says which setting to change, and writes nothing: no admin-token hash,
 * no server secret, no store, so the operator's next start is a first start again.
 */
class StartChecksTest {
    @TempDir
    Path dir;

    private void assertNothingWritten(Path data) throws Exception {
        if (Files.exists(data)) {
            try (var files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("written by a failed start")
                        .isEmpty();
            }
        }
    }

    @Test
    void theDataFolderIsOwnerOnlyWhetherNewOrGivenWithWiderModes() throws Exception {
        Path fresh = dir.resolve("fresh/data");
        Path wide = Files.createDirectories(dir.resolve("wide"));
        Files.setPosixFilePermissions(wide, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path data : new Path[] {fresh, wide}) {
            try (CollectorServer server = TestCollector.start(data)) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                        .as(data.toString())
                        .isEqualTo("rwx------");
                assertThat(server.baseUri()).isNotNull();
            }
        }
    }

    @Test
    void aPortInUseIsNamedAndNothingIsWritten() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> TestCollector.start(data, b -> b.set(Setting.PORT, Integer.toString(port))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("port: " + port + " on 127.0.0.1 is in use by another process");
        }
        assertNothingWritten(data);
    }

    @Test
    void aHostThatIsNotAnAddressIsNamed() throws Exception {
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> TestCollector.start(data, b -> b.set(Setting.HOST, "127.0.0.300")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("host: '127.0.0.300' is not an address");
        assertThatThrownBy(() -> TestCollector.start(data, b -> b.set(Setting.HOST, "192.0.2.77")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("host: 192.0.2.77 is not an address of this machine");
        assertNothingWritten(data);
    }

    @Test
    void aKeystoreWithoutAKeyOrWithTheWrongPasswordIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path data = dir.resolve("data");
        TestKeystore keys = TestKeystore.create(dir.resolve("tls"));
        Path full = keys.keystore();
        Path certOnly = keys.trustStore();

        assertThatThrownBy(() -> TestCollector.start(data, b -> tls(b, certOnly, TestKeystore.TRUST_PASSWORD)))
                .hasMessage("tls-keystore: " + certOnly + " holds no private key with an X.509 certificate"
                        + " (a trust store of certificates alone cannot serve HTTPS)");
        assertThatThrownBy(() -> TestCollector.start(data, b -> tls(b, full, "wrong-password")))
                .hasMessage("tls-keystore-password does not open " + full);
        assertThatThrownBy(() -> TestCollector.start(data, b -> b.set(Setting.TLS_KEYSTORE, full.toString())))
                .hasMessageStartingWith("tls-keystore-password is not set");
        assertNothingWritten(data);
    }

    @Test
    void aCertificateThatIsNotValidNowIsRefusedAndOneNearItsEndWarned() throws Exception {
        TestKeystore keys = TestKeystore.create(dir.resolve("tls"));
        Path full = keys.keystore();
        TlsKeystoreCheck.Found now = TlsKeystoreCheck.check(full, TestKeystore.PASSWORD, Instant.now());
        assertThat(now.warning()).as("a 2-day certificate").get().asString().contains("expires at " + now.notAfter());
        assertThatThrownBy(() -> TlsKeystoreCheck.check(
                        full, TestKeystore.PASSWORD, now.notAfter().plusSeconds(1)))
                .hasMessageContaining("expired at " + now.notAfter() + "; issue a new one");
        assertThatThrownBy(() -> TlsKeystoreCheck.check(
                        full, TestKeystore.PASSWORD, Instant.now().minus(java.time.Duration.ofDays(3))))
                .hasMessageContaining("is valid only from");
    }

    @Test
    void aDataFolderThatCannotBeUsedIsNamedAsDataDir() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        // (A read-only folder cannot be shown here: the tests may run as root, whom permissions do not stop.)
        assertThatThrownBy(() -> TestCollector.start(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data-dir: " + file + " exists and is not a folder");
        assertThatThrownBy(() -> TestCollector.start(file.resolve("data")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data-dir: " + file + " exists and is not a folder");
    }

    private static dev.candor.collector.config.CollectorConfig.Builder tls(
            dev.candor.collector.config.CollectorConfig.Builder b, Path keystore, String password) {
        return b.set(Setting.TLS_KEYSTORE, keystore.toString()).set(Setting.TLS_KEYSTORE_PASSWORD, password);
    }
}
