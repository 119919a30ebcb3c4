package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.PROCESS_TIMEOUT;
import static dev.candor.bench.ForgeOverhead.log;
import static dev.candor.bench.ForgeOverhead.waitFor;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real collector as operators run it ({@code java -jar collector/target/candor.jar serve}), on a
 * port of its own with a fresh data folder; over TLS with a keystore that keytool makes for the run,
 * whose certificate goes into a trust store for forge. Its {@code /metrics} tell what was stored.
 */
final class Collector implements Endpoint {
    static final Path JAR = Path.of("collector/target/candor.jar");
    static final String TRUST_PASSWORD = "bench-trust";
    private final Process process;
    private final int port;
    private final boolean tls;
    private final Path trustStore;
    private final SSLContext ssl;

    private Collector(Process process, int port, boolean tls, Path trustStore, SSLContext ssl) {
        this.process = process;
        this.port = port;
        this.tls = tls;
        this.trustStore = trustStore;
        this.ssl = ssl;
    }

    static Collector start(Path dir, boolean tls) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IOException(JAR + " not found: build the collector first (bin/candor --help)");
        }
        Files.createDirectories(dir);
        Path keystore = dir.resolve("collector.p12");
        Path trust = dir.resolve("trust.p12");
        SSLContext ssl = null;
        if (tls) {
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
                    "7",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    "bench-pass",
                    "-keypass",
                    "bench-pass");
            Path cert = dir.resolve("collector.pem");
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "candor",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    "bench-pass",
                    "-file",
                    cert.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "candor",
                    "-file",
                    cert.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    trust.toString(),
                    "-storepass",
                    TRUST_PASSWORD);
            ssl = sslTrusting(trust);
        }
        int port = ScenarioRunner.freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        "java",
                        "-jar",
                        JAR.toString(),
                        "serve",
                        "--port",
                        Integer.toString(port),
                        "--data-dir",
                        dir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CANDOR_"));
        if (tls) {
            pb.environment().put("CANDOR_TLS_KEYSTORE", keystore.toString());
            pb.environment().put("CANDOR_TLS_KEYSTORE_PASSWORD", "bench-pass");
        }
        Collector c = new Collector(pb.start(), port, tls, trust, ssl);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (c.get("/healthz").startsWith("ok")) {
                    return c;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!c.process.isAlive() || System.nanoTime() > deadline) {
                c.close();
                throw new IOException("the collector did not start; see " + dir.resolve("collector.log"));
            }
            sleep(100);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        // The certificate names localhost (and 127.0.0.1); forge is given the name, as a user would be.
        return (tls ? "https://localhost:" : "http://127.0.0.1:") + port;
    }

    /** The JVM options that make forge trust this collector: the same for on and off runs. */
    List<String> trustOptions() {
        return tls
                ? List.of(
                        "-Djavax.net.ssl.trustStore=" + trustStore,
                        "-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD)
                : List.of();
    }

    /** A counter from /metrics without labels, or -1 when the collector does not answer. */
    long metric(String name) {
        try {
            for (String line : get("/metrics").split("\n")) {
                if (line.startsWith(name + " ")) {
                    return (long)
                            Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url() + path).openConnection();
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(ssl.getSocketFactory());
        }
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    @Override
    public void close() {
        process.destroy();
        if (!waitFor(process, PROCESS_TIMEOUT)) {
            process.destroyForcibly();
            log("the collector did not stop on SIGTERM and was killed");
        }
    }

    private static SSLContext sslTrusting(Path trust) throws IOException {
        try (InputStream in = Files.newInputStream(trust)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, TRUST_PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the benchmark's trust store: " + e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!waitFor(p, PROCESS_TIMEOUT) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
