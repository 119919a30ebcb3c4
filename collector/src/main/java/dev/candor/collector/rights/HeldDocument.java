package dev.candor.collector.rights;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.json.Json;
import dev.candor.collector.store.HeldData;
import dev.candor.collector.store.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The answer to an access request: a summary first (which {@code telemetry fetch} reads without a JSON
 * parser, so it holds nothing taken from an event), then every event and every daily row the store
 * holds for the machine. The server-side machine hash is left out: it is the collector's pseudonym, not
 * something the machine sent. docs/WIRE.md shows the format.
 */
final class HeldDocument {
    private HeldDocument() {}

    static byte[] write(String tool, HeldData held, int maxEvents, int retentionDays) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(1024 + held.events().size() * 512);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("eventCount", held.eventCount());
            g.writeNumberField("dailyRowCount", held.days().size());
            g.writeBooleanField("truncated", held.truncated());
            g.writeNumberField("maxEvents", maxEvents);
            g.writeNumberField("retentionDays", retentionDays);
            g.writeStringField("tool", tool);
            g.writeStringField(
                    "about",
                    "Everything this collector holds for one installation of " + tool
                            + ": its raw events (newest first,"
                            + " kept " + retentionDays + " days) and its rows of the daily counts (kept after that)."
                            + " The collector's hash of the machine id is not shown; no IP address is ever stored.");
            g.writeArrayFieldStart("events");
            for (StoredEvent e : held.events()) {
                g.writeStartObject();
                g.writeStringField("eventId", e.eventId().toString());
                g.writeStringField("eventName", e.eventName());
                g.writeStringField("eventTime", instant(e.eventTimeMicros()));
                g.writeStringField("receivedAt", instant(e.receivedAtMicros()));
                g.writeStringField("toolVersion", e.toolVersion());
                g.writeStringField("sessionId", e.sessionId());
                g.writeStringField("osFamily", e.osFamily());
                g.writeStringField("osVersion", e.osVersion());
                g.writeStringField("runtimeId", e.runtimeId());
                g.writeStringField("geography", e.geography());
                g.writeStringField("command", e.command());
                if (e.exitCode() == null) {
                    g.writeNullField("exitCode");
                } else {
                    g.writeNumberField("exitCode", e.exitCode());
                }
                if (e.durationMs() == null) {
                    g.writeNullField("durationMs");
                } else {
                    g.writeNumberField("durationMs", e.durationMs());
                }
                g.writeFieldName("properties");
                g.writeTree(properties(e.properties()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("daily");
            for (HeldData.Day d : held.days()) {
                g.writeStartObject();
                g.writeStringField("day", d.day().toString());
                g.writeStringField("eventName", d.eventName());
                g.writeStringField("command", d.command());
                g.writeStringField("geography", d.geography());
                g.writeStringField("osFamily", d.osFamily());
                g.writeStringField("runtimeId", d.runtimeId());
                g.writeStringField("osVersion", d.osVersion());
                g.writeStringField("toolVersion", d.toolVersion());
                g.writeNumberField("occurrences", d.occurrences());
                g.writeNumberField("failures", d.failures());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return out.toByteArray();
    }

    private static String instant(long micros) {
        return Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        TimeUnit.MICROSECONDS.toNanos(Math.floorMod(micros, 1_000_000L)))
                .toString();
    }

    /** The stored properties as an object; a row that is not one (it cannot be, as written) as text. */
    private static JsonNode properties(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json == null ? "{}" : json);
            return node != null && node.isObject()
                    ? node
                    : Json.MAPPER.getNodeFactory().textNode(json);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
