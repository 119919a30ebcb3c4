package dev.candor.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.config.ConfigException;
import dev.candor.collector.config.Setting;
import dev.candor.collector.testing.OtlpBodies;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import dev.candor.collector.testing.TestKeystore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path dir;

    private Path selfSignedKeystore() throws Exception {
        tls = TestKeystore.create(dir.resolve("tls"));
        return tls.keystore();
    }

    private TestKeystore tls;

    @Test
    void servesHttpsFromAPkcs12Keystore() throws Exception {
        Path ks = selfSignedKeystore();
        try (CollectorServer server = TestCollector.start(
                dir.resolve("data"),
                b -> b.set(Setting.TLS_KEYSTORE, ks.toString())
                        .set(Setting.TLS_KEYSTORE_PASSWORD, "test-pass")
                        .set(Setting.ADMIN_TOKEN, "tls-test-admin-token-0123456789"))) {
            HttpClient client =
                    HttpClient.newBuilder().sslContext(tls.clientTls()).build();

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
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(StoreQueries.count(server, "")).isEqualTo(1);
            // Plain HTTP on the TLS port: a readable refusal, and the events it carried are not taken.
            HttpClient plain = HttpClient.newHttpClient();
            HttpResponse<String> refused = plain.send(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/logs"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer forge-public-ingest-key")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    OtlpBodies.commands("forge", "m", List.of(UUID.randomUUID()), "build")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("plain HTTP on the TLS port").isEqualTo(400);
            assertThat(refused.body()).contains("this port speaks HTTPS only");
            assertThat(refused.headers().firstValue("Strict-Transport-Security"))
                    .isEmpty();
            assertThat(StoreQueries.count(server, "")).isEqualTo(1);

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
