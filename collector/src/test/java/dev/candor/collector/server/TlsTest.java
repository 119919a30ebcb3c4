package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.testing.Http;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path dir;

    private Path selfSignedKeystore() throws Exception {
        Path ks = dir.resolve("collector.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "candor",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "test-pass",
                        "-keypass",
                        "test-pass")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        return ks;
    }

    @Test
    void servesHttpsFromAPkcs12Keystore() throws Exception {
        Path ks = selfSignedKeystore();
        try (CollectorServer server = TestCollector.start(
                dir.resolve("data"),
                b -> b.set(Setting.TLS_KEYSTORE, ks.toString())
                        .set(Setting.TLS_KEYSTORE_PASSWORD, "test-pass")
                        .set(Setting.ADMIN_TOKEN, "tls-test-admin-token-0123456789"))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "test-pass".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();

            assertThat(server.baseUri().getScheme()).isEqualTo("https");
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/v1/logs"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer forge-public-ingest-key")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(StoreQueries.count(server, "")).isEqualTo(1);
            assertThatThrownBy(() -> Http.get(java.net.URI.create("http://127.0.0.1:" + server.port()), "/healthz"))
                    .as("plain HTTP on the TLS port")
                    .isInstanceOf(RuntimeException.class);

            HttpResponse<String> login = client.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("token=tls-test-admin-token-0123456789"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                    .as("the dashboard's session cookie")
                    .contains("; Secure")
                    .contains("; HttpOnly")
                    .contains("; SameSite=Strict");
        }
    }

    @Test
    void aWrongKeystorePasswordIsAClearConfigError() throws Exception {
        Path ks = selfSignedKeystore();

        assertThatThrownBy(() -> TestCollector.start(
                        dir.resolve("data"),
                        b -> b.set(Setting.TLS_KEYSTORE, ks.toString())
                                .set(Setting.TLS_KEYSTORE_PASSWORD, "pw-Qx81-not-this")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls-keystore")
                .hasMessageNotContaining("pw-Qx81");
    }
}
