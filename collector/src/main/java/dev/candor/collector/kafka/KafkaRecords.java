package dev.candor.collector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.json.Json;
import dev.candor.collector.store.StoredEvent;
import dev.candor.collector.store.StoredEventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records on Candor's topic. An event: key {@code tool \n machine id} (so one machine's events,
 * and its erasure, land in one partition, in order), value the event as {@link StoredEventJson}. An
 * erasure: the same key, header {@code candor-kind: forget}, value {@code {"tool":..,"machine_id":..}}.
 * Events without a machine id are keyed by their event id, to spread them.
 */
final class KafkaRecords {
    static final String KIND = "candor-kind";
    private static final byte[] FORGET = "forget".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = Json.MAPPER;

    /** What a loader reads: an event, or an erasure. */
    record Entry(StoredEvent event, String forgetTool, String forgetMachine) {
        boolean isForget() {
            return event == null;
        }
    }

    private KafkaRecords() {}

    static ProducerRecord<byte[], byte[]> event(String topic, StoredEvent e) {
        String key = e.tool()
                + '\n'
                + (e.machineId() != null ? e.machineId() : e.eventId().toString());
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), StoredEventJson.toBytes(e));
    }

    static ProducerRecord<byte[], byte[]> forget(String topic, String tool, String machineId) {
        ObjectNode value = JSON.createObjectNode().put("tool", tool).put("machine_id", machineId);
        RecordHeaders headers = new RecordHeaders(new Header[] {new RecordHeader(KIND, FORGET)});
        return new ProducerRecord<>(
                topic,
                null,
                (tool + '\n' + machineId).getBytes(StandardCharsets.UTF_8),
                value.toString().getBytes(StandardCharsets.UTF_8),
                headers);
    }

    /** Reads one record's value. @throws IOException for a record that is neither (never written by Candor) */
    static Entry read(byte[] value, Iterable<Header> headers) throws IOException {
        for (Header h : headers) {
            if (h.key().equals(KIND) && java.util.Arrays.equals(h.value(), FORGET)) {
                JsonNode n = JSON.readTree(value);
                if (n == null
                        || !n.path("tool").isTextual()
                        || !n.path("machine_id").isTextual()) {
                    throw new IOException("an erasure record without tool and machine_id");
                }
                return new Entry(
                        null, n.get("tool").asText(), n.get("machine_id").asText());
            }
        }
        return new Entry(StoredEventJson.read(value), null, null);
    }
}
