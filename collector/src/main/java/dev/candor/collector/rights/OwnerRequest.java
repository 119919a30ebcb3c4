package dev.candor.collector.rights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.ingest.BadRequestException;
import dev.candor.collector.json.Json;
import dev.candor.common.OwnerProof;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of an access or erasure request, as {@code <tool> telemetry fetch} and {@code forget} send
 * it: {@code {"machineId", "ownerKey", "time", "nonce", "signature"}}, the signature covering
 * {@link OwnerProof#message} of the route and the tool as well. Parsing checks only the form; {@link
 * #signedFor} checks the proof.
 */
record OwnerRequest(String machineId, String ownerKey, long time, String nonce, String signature) {
    private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Set<String> FIELDS = Set.of("machineId", "ownerKey", "time", "nonce", "signature");
    static final String FORM = "the body must be {\"machineId\": \"<id>\", \"ownerKey\": \"<64 hex digits>\","
            + " \"time\": <Unix seconds>, \"nonce\": \"<16-64 letters or digits>\", \"signature\": \"<128 hex"
            + " digits>\"} (docs/WIRE.md, \"Access and erasure\")";

    static OwnerRequest parse(byte[] body) throws BadRequestException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("the body is not JSON; " + FORM);
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException(FORM);
        }
        if (root.has("machineId") && !root.has("signature")) {
            throw new BadRequestException("an unsigned request is not enough: without the owner key's signature"
                    + " anybody who knows a machine id could ask for its data; " + FORM);
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRequestException(
                        "unknown field '" + (name.length() > 40 ? name.substring(0, 40) : name) + "'; " + FORM);
            }
        }
        String machineId = text(root, "machineId");
        String ownerKey = text(root, "ownerKey");
        String nonce = text(root, "nonce");
        String signature = text(root, "signature");
        JsonNode time = root.get("time");
        if (machineId == null || !MACHINE_ID.matcher(machineId).matches()) {
            throw new BadRequestException("machineId must be 1-128 letters, digits or '-'; " + FORM);
        }
        if (!OwnerProof.isKey(ownerKey)) {
            throw new BadRequestException("ownerKey must be 64 lower-case hex digits; " + FORM);
        }
        if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
            throw new BadRequestException("time must be a whole number of seconds since 1970; " + FORM);
        }
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new BadRequestException("nonce must be 16-64 letters, digits, '-' or '_'; " + FORM);
        }
        if (!OwnerProof.isHex(signature, 128)) {
            throw new BadRequestException("signature must be 128 lower-case hex digits; " + FORM);
        }
        return new OwnerRequest(machineId, ownerKey, time.asLong(), nonce, signature);
    }

    /** True when the holder of {@link #ownerKey} signed this request for {@code route} and {@code tool}. */
    boolean signedFor(String route, String tool) {
        return OwnerProof.verify(
                ownerKey, OwnerProof.message(route, tool, machineId, ownerKey, time, nonce), signature);
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
