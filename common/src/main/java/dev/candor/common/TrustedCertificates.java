package dev.candor.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for a self-hosted collector with a private CA: the JVM's own trust (its cacerts, or
 * {@code javax.net.ssl.trustStore}) plus the certificates of one PEM or DER file. A server is trusted
 * when either accepts its chain; host names are still checked by the HTTPS connection. The SDK's sender
 * and uploader use it ({@code <TOOL>_TELEMETRY_CA_FILE}), and so does {@code candor loadgen --cacert}.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /**
     * A socket factory that trusts the JVM's authorities and those in {@code file}.
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static SSLSocketFactory withExtra(Path file) throws IOException {
        return contextWithExtra(file).getSocketFactory();
    }

    /**
     * As {@link #withExtra}, as an {@link SSLContext} (for {@code java.net.http.HttpClient}).
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static SSLContext contextWithExtra(Path file) throws IOException {
        try {
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(file)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + file.getFileName());
            }
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                extra.setCertificateEntry("candor-extra-" + i++, c);
            }
            X509TrustManager jvm = x509(null);
            X509TrustManager own = x509(extra);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Either(jvm, own)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the certificates in " + file.getFileName() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server chain that the JVM's trust or the extra certificates accept. */
    private record Either(X509TrustManager jvm, X509TrustManager own) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                jvm.checkServerTrusted(chain, authType);
            } catch (CertificateException notByTheJvm) {
                own.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Candor's telemetry client never accepts client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(jvm.getAcceptedIssuers()));
            all.addAll(List.of(own.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }
}
