package dev.candor.collector.server;

import dev.candor.collector.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;

/**
 * What a start checks of {@code tls-keystore} before it writes anything or listens: the file opens
 * with the password, holds a private key with its certificate, and the certificate is valid now. Jetty
 * itself would start "listening on https" with a keystore of certificates only, and every handshake
 * would then fail with nothing logged.
 */
public final class TlsKeystoreCheck {
    /** A certificate that ends within this is warned about at every start. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private TlsKeystoreCheck() {}

    private static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }

    /**
     * What was found: the key's alias and its certificate's end.
     *
     * @param alias    the private key entry Jetty will use
     * @param notAfter when its certificate expires
     * @param warning  a warning to log (expires soon), if any
     */
    public record Found(String alias, Instant notAfter, Optional<String> warning) {}

    /**
     * Checks the keystore.
     *
     * @throws ConfigException naming the setting to change
     */
    public static Found check(Path keystore, String password, Instant now) {
        if (password == null || password.isEmpty()) {
            throw new ConfigException(
                    "tls-keystore-password is not set (CANDOR_TLS_KEYSTORE_PASSWORD); " + keystore + " needs it");
        }
        KeyStore ks;
        try (InputStream in = Files.newInputStream(keystore)) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
        } catch (NoSuchFileException e) {
            throw new ConfigException("tls-keystore: " + keystore + " does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException("tls-keystore-password does not open " + keystore);
            }
            throw new ConfigException("tls-keystore: " + keystore + " is not a PKCS12 keystore that this password"
                    + " opens (" + e.getClass().getSimpleName() + "); check tls-keystore-password");
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls-keystore: " + keystore + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Certificate cert = ks.getCertificate(alias);
                if (!(cert instanceof X509Certificate x509)) {
                    continue;
                }
                Instant notBefore = x509.getNotBefore().toInstant();
                Instant notAfter = x509.getNotAfter().toInstant();
                if (now.isBefore(notBefore)) {
                    throw new ConfigException("tls-keystore: the certificate of '" + alias + "' in " + keystore
                            + " is valid only from " + notBefore + " (check the clock, or issue a new one)");
                }
                if (!now.isBefore(notAfter)) {
                    throw new ConfigException("tls-keystore: the certificate of '" + alias + "' in " + keystore
                            + " expired at " + notAfter + "; issue a new one");
                }
                Optional<String> warning = Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0
                        ? Optional.of("the TLS certificate of '" + alias + "' in " + keystore + " expires at "
                                + notAfter + ", in "
                                + days(Duration.between(now, notAfter).toDays()))
                        : Optional.empty();
                return new Found(alias, notAfter, warning);
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls-keystore: " + keystore + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        throw new ConfigException("tls-keystore: " + keystore + " holds no private key with an X.509 certificate"
                + " (a trust store of certificates alone cannot serve HTTPS)");
    }
}
