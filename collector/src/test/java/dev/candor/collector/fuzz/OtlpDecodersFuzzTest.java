package dev.candor.collector.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.candor.collector.ingest.BadRequestException;
import dev.candor.collector.ingest.OtlpJsonDecoder;
import dev.candor.collector.ingest.OtlpProtobufDecoder;
import dev.candor.collector.ingest.RequestBody;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The decoders of request bodies take any bytes: they return records or throw the one checked
 * exception that becomes a 400 (or a 413 for gzip past the limit). Anything else, a runtime
 * exception, an error or a hang, is a finding.
 */
class OtlpDecodersFuzzTest {
    private static final OtlpJsonDecoder.Limits LIMITS = new OtlpJsonDecoder.Limits(1000, 64);
    private static final OtlpJsonDecoder JSON = new OtlpJsonDecoder(LIMITS);
    private static final OtlpProtobufDecoder PROTOBUF = new OtlpProtobufDecoder(LIMITS);

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void jsonBodies(byte[] body) {
        try {
            JSON.decode(body);
        } catch (BadRequestException expected) {
            // a 400
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void protobufBodies(byte[] body) {
        try {
            PROTOBUF.decode(body);
        } catch (BadRequestException expected) {
            // a 400
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input: Jazzer passes it to libFuzzer as -timeout
    void gzipBodies(byte[] body) {
        try {
            RequestBody.gunzip(body, 1 << 20);
        } catch (BadRequestException | RequestBody.TooLarge expected) {
            // a 400 or a 413
        }
    }
}
