package dev.candor.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Proof that a request to see or erase a machine's data comes from that machine: each installation
 * holds an Ed25519 key pair. The public half travels with every event (resource attribute
 * {@value AttributeNames#OWNER_KEY}), and the collector folds it into the machine's stored hash; the
 * private half never leaves the state folder. A request to {@code /v1/access} or {@code /v1/forget}
 * is signed over {@link #message}: the route, the tool, the machine id, the public key, the time and a
 * random nonce, so a captured request cannot be replayed later, at another route, for another tool
 * or machine, and a stranger who knows only the machine id (or the MAC it hashes) cannot sign one
 * that reaches that machine's rows. docs/WIRE.md describes the whole scheme.
 *
 * <p>Keys and signatures are lower-case hex of their raw bytes: 32 bytes for each key, 64 for a
 * signature. Only JDK APIs (Ed25519 is in every JDK since 15).
 */
public final class OwnerProof {
    /** How far a request's time may be from the collector's clock, either way. */
    public static final long MAX_CLOCK_SKEW_SECONDS = 300;

    private static final String VERSION = "candor-owner-request-v1";
    private static final HexFormat HEX = HexFormat.of();
    // DER prefixes of the X.509 and PKCS #8 encodings of an Ed25519 key (RFC 8410), before the raw 32 bytes.
    private static final byte[] X509_PREFIX = HEX.parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HEX.parseHex("302e020100300506032b657004220420");

    private OwnerProof() {}

    /** A new key pair. */
    public static Keys generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new Keys(
                    HEX.formatHex(raw(pair.getPrivate().getEncoded())),
                    HEX.formatHex(raw(pair.getPublic().getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** What is signed: one line per field, so that no field can be moved into another. */
    public static byte[] message(
            String route, String tool, String machineId, String publicKey, long epochSeconds, String nonce) {
        return String.join("\n", VERSION, route, tool, machineId, publicKey, Long.toString(epochSeconds), nonce)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The signature of {@code message} with a private key as {@link Keys#privateKey()} holds it. */
    public static String sign(String privateKey, byte[] message) {
        if (!isKey(privateKey)) {
            throw new IllegalArgumentException("an owner key is 64 lower-case hex digits");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, HEX.parseHex(privateKey))));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return HEX.formatHex(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** True when {@code signature} is the signature of {@code message} by the holder of {@code publicKey}. */
    public static boolean verify(String publicKey, byte[] message, String signature) {
        if (!isKey(publicKey) || !isHex(signature, 128)) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, HEX.parseHex(publicKey))));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(HEX.parseHex(signature));
        } catch (GeneralSecurityException | RuntimeException e) {
            // A point that is not on the curve, say: not a key anybody holds.
            return false;
        }
    }

    /** True for 64 lower-case hex digits, the form of both halves of a key. */
    public static boolean isKey(String s) {
        return isHex(s, 64);
    }

    /** True for {@code length} lower-case hex digits. */
    public static boolean isHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] raw(byte[] encoded) {
        byte[] out = new byte[32];
        System.arraycopy(encoded, encoded.length - 32, out, 0, 32);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Both halves of an installation's key, as hex. */
    public record Keys(String privateKey, String publicKey) {
        @Override
        public String toString() {
            return "Keys[publicKey=" + publicKey + "]"; // never the private half, in a log or a message
        }
    }
}
