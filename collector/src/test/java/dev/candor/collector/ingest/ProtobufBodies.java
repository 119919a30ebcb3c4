package dev.candor.collector.ingest;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.UUID;

/** OTLP/protobuf bodies for tests. */
final class ProtobufBodies {
    private ProtobufBodies() {}

    static byte[] oneCommand(String tool, UUID uid, String command) {
        LogRecord record = LogRecord.newBuilder()
                .setEventName("cli.command")
                .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                .setSeverityNumberValue(9)
                .addAttributes(kv("log.record.uid", uid.toString()))
                .addAttributes(kv("command.path", command))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("process.exit.code")
                        .setValue(AnyValue.newBuilder().setIntValue(0)))
                .build();
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(kv("service.name", tool))
                                .addAttributes(kv("os.type", "darwin"))
                                .addAttributes(kv("candor.machine.id", "pb-machine")))
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
                .build()
                .toByteArray();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
