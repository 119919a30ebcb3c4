package dev.candor.collector.testing;

import java.util.List;
import java.util.UUID;

/** OTLP/JSON request bodies shaped like the SDK's, for tests and their variations. */
public final class OtlpBodies {
    private OtlpBodies() {}

    /** One run (ResourceLogs) of {@code tool} on {@code machineId} with one cli.command event per uid. */
    public static String commands(String tool, String machineId, List<UUID> uids, String command) {
        return commands(tool, machineId, null, uids, command);
    }

    /** As a Candor SDK sends them: with the installation's owner key (or none, for {@code null}). */
    public static String commands(String tool, String machineId, String ownerKey, List<UUID> uids, String command) {
        StringBuilder records = new StringBuilder();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (UUID uid : uids) {
            if (records.length() > 0) {
                records.append(',');
            }
            records.append("{\"timeUnixNano\":\"")
                    .append(now)
                    .append("\",\"observedTimeUnixNano\":\"")
                    .append(now)
                    .append(
                            "\",\"severityNumber\":9,\"severityText\":\"INFO\",\"eventName\":\"cli.command\",\"attributes\":[")
                    .append(attr("log.record.uid", uid.toString()))
                    .append(',')
                    .append(attr("command.path", command))
                    .append(',')
                    .append(
                            "{\"key\":\"command.options\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"--configuration\"}]}}},")
                    .append(attr("command.option.configuration", "Release"))
                    .append(',')
                    .append("{\"key\":\"process.exit.code\",\"value\":{\"intValue\":\"0\"}},")
                    .append("{\"key\":\"command.duration_ms\",\"value\":{\"intValue\":\"42\"}}]}");
        }
        return body(resource(tool, machineId, ownerKey), records.toString());
    }

    public static String resource(String tool, String machineId) {
        return resource(tool, machineId, null);
    }

    public static String resource(String tool, String machineId, String ownerKey) {
        return (ownerKey == null ? "" : attr("candor.owner.key", ownerKey) + ",")
                + String.join(
                        ",",
                        attr("service.name", tool),
                        attr("service.version", "1.2.3"),
                        attr("session.id", UUID.randomUUID().toString()),
                        attr("os.type", "linux"),
                        attr("os.version", "6.1.0"),
                        attr("host.arch", "amd64"),
                        attr("candor.runtime.id", "linux-x64"),
                        attr("process.runtime.version", "17.0.15"),
                        attr("candor.container", "none"),
                        "{\"key\":\"candor.ci\",\"value\":{\"boolValue\":false}}",
                        attr("candor.machine.id", machineId));
    }

    public static String body(String resourceAttributes, String records) {
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[" + resourceAttributes
                + "]},\"scopeLogs\":[{\"scope\":{\"name\":\"dev.candor.telemetry\",\"version\":\"0.1.0\"},\"logRecords\":["
                + records + "]}]}]}";
    }

    public static String attr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\""
                + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
    }
}
