package dev.candor.collector.testing;

import dev.candor.common.OwnerProof;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Access and erasure requests as {@code <tool> telemetry fetch} and {@code forget} sign them. */
public final class OwnerRequests {
    private OwnerRequests() {}

    /** A fresh request: the time now, a new nonce. */
    public static String body(String route, String tool, String machineId, OwnerProof.Keys keys) {
        return body(
                route,
                tool,
                machineId,
                keys,
                System.currentTimeMillis() / 1000,
                UUID.randomUUID().toString());
    }

    public static String body(
            String route, String tool, String machineId, OwnerProof.Keys keys, long time, String nonce) {
        String signature = OwnerProof.sign(
                keys.privateKey(), OwnerProof.message(route, tool, machineId, keys.publicKey(), time, nonce));
        return "{\"machineId\":\"" + machineId + "\",\"ownerKey\":\"" + keys.publicKey() + "\",\"time\":" + time
                + ",\"nonce\":\"" + nonce + "\",\"signature\":\"" + signature + "\"}";
    }

    public static HttpResponse<byte[]> post(URI base, String route, String ingestKey, String body) {
        return Http.post(
                base,
                route,
                body.getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/json",
                "Authorization",
                "Bearer " + ingestKey);
    }
}
