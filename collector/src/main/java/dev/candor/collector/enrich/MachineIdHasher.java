package dev.candor.collector.enrich;

import dev.candor.common.OwnerProof;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes a client's machine id again, with the server's secret, before it is stored:
 * HMAC-SHA256(secret, tool + ":" + id). The client's id is already a hash of a MAC address, but
 * an unkeyed one: anyone holding a MAC could recompute it. With the server key it can't be, and
 * the tool in the input makes one machine's ids in two tools unlinkable.
 *
 * <p>A client that sends its owner key ({@code candor.owner.key}, see {@code OwnerProof}) gets
 * HMAC-SHA256(secret, tool + ":" + id + ":" + key): its rows can then be named only with that key, which
 * an access or erasure request must prove it holds. The key itself is never stored.
 */
public final class MachineIdHasher {
    private final SecretKeySpec key;

    public MachineIdHasher(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String hash(String tool, String clientMachineId) {
        return hash(tool, clientMachineId, null);
    }

    /** @param ownerKey the client's owner key (64 lower-case hex digits), or null for a client without one */
    public String hash(String tool, String clientMachineId, String ownerKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of()
                    .formatHex(mac.doFinal(
                            (tool + ":" + clientMachineId + (OwnerProof.isKey(ownerKey) ? ":" + ownerKey : ""))
                                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
