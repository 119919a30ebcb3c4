package dev.candor.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A collector's TLS identity made with the JDK's keytool, as docs/OPERATIONS.md ("TLS") shows an
 * operator: a self-signed certificate for localhost in a PKCS12 keystore, its certificate as a PEM file
 * (for the SDK's CA-file setting) and a client {@link SSLContext} that trusts it.
 */
public final class TestKeystore {
    public static final String PASSWORD = "test-pass";

    /** The password of {@link #trustStore()}. */
    public static final String TRUST_PASSWORD = "trust-pass";

    private final Path keystore;
    private final Path caFile;
    private final Path trustStore;
    private final SSLContext clientTls;

    private TestKeystore(Path keystore, Path caFile, Path trustStore, SSLContext clientTls) {
        this.keystore = keystore;
        this.caFile = caFile;
        this.trustStore = trustStore;
        this.clientTls = clientTls;
    }

    public static TestKeystore create(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("collector.p12");
        Path caFile = dir.resolve("collector-ca.pem");
        Path trustStore = dir.resolve("trust.p12");
        keytool(
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
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "candor",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                caFile.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "candor",
                "-file",
                caFile.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                TRUST_PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trust.load(in, TRUST_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return new TestKeystore(keystore, caFile, trustStore, ssl);
    }

    /** The collector's PKCS12 keystore (password {@link #PASSWORD}). */
    public Path keystore() {
        return keystore;
    }

    /** A PKCS12 trust store holding the certificate (password {@link #TRUST_PASSWORD}), for {@code -Djavax.net.ssl.trustStore}. */
    public Path trustStore() {
        return trustStore;
    }

    /** A client context that trusts the certificate. */
    public SSLContext clientTls() {
        return clientTls;
    }

    /** A server context with the keystore's identity (for a proxy that ends TLS itself). */
    public SSLContext serverTls() throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            identity.load(in, PASSWORD.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        return server;
    }

    /** The collector's environment for HTTPS with this keystore. */
    public Map<String, String> collectorEnv() {
        return Map.of("CANDOR_TLS_KEYSTORE", keystore.toString(), "CANDOR_TLS_KEYSTORE_PASSWORD", PASSWORD);
    }

    /** The certificate, PEM, for {@code <TOOL>_TELEMETRY_CA_FILE}. */
    public Path caFile() {
        return caFile;
    }

    /** GET {@code path} from an HTTPS collector on localhost, trusting this certificate. */
    public String get(int port, String path) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(clientTls)
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** POST a JSON body with an ingest key to an HTTPS collector on localhost, trusting this certificate. */
    public HttpResponse<String> post(int port, String path, String ingestKey, String json) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(clientTls)
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + ingestKey)
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** A counter from the collector's /metrics, summed over its labels. */
    public long metric(int port, String name) throws Exception {
        return get(port, "/metrics")
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
