package dev.candor.collector.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * OTLP/HTTP response bodies, in the request's encoding as the specification asks: an
 * {@code ExportLogsServiceResponse} for success (with {@code partialSuccess} when records were
 * rejected), a {@code google.rpc.Status} for errors.
 */
public final class OtlpResponse {
    public static final String JSON = "application/json";
    public static final String PROTOBUF = "application/x-protobuf";

    /** gRPC status codes used in {@code google.rpc.Status.code}. */
    public static final int INVALID_ARGUMENT = 3;

    public static final int DEADLINE_EXCEEDED = 4;
    public static final int PERMISSION_DENIED = 7;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNIMPLEMENTED = 12;
    public static final int UNAVAILABLE = 14;
    public static final int UNAUTHENTICATED = 16;

    private OtlpResponse() {}

    public static byte[] success(boolean json, int rejected, String errorMessage) {
        if (json) {
            if (rejected == 0 && errorMessage == null) {
                return "{}".getBytes(StandardCharsets.UTF_8);
            }
            return ("{\"partialSuccess\":{\"rejectedLogRecords\":\"" + rejected + "\",\"errorMessage\":\""
                            + escape(errorMessage == null ? "" : errorMessage) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
        if (rejected != 0 || errorMessage != null) {
            b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected)
                    .setErrorMessage(errorMessage == null ? "" : errorMessage));
        }
        return b.build().toByteArray();
    }

    public static byte[] status(boolean json, int code, String message) {
        if (json) {
            return ("{\"code\":" + code + ",\"message\":\"" + escape(message) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 8);
        out.write(0x08); // field 1, varint: code
        varint(out, code);
        out.write(0x12); // field 2, length-delimited: message
        varint(out, text.length);
        out.write(text, 0, text.length);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    static String escape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
