package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.testing.OtlpBodies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OtlpJsonDecoderTest {
    private final OtlpJsonDecoder decoder = new OtlpJsonDecoder(new OtlpJsonDecoder.Limits(100, 20));

    private List<IncomingRecord> decode(String json) throws BadRequestException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesTheSdksBody() throws Exception {
        UUID uid = UUID.randomUUID();
        List<IncomingRecord> records = decode(OtlpBodies.commands("forge", "m1", List.of(uid), "build"));

        assertThat(records).hasSize(1);
        IncomingRecord r = records.get(0);
        assertThat(r.eventName()).isEqualTo("cli.command");
        assertThat(r.severityNumber()).isEqualTo(9);
        assertThat(r.resource()).containsEntry("service.name", "forge").containsEntry("candor.ci", false);
        assertThat(r.attributes())
                .containsEntry("log.record.uid", uid.toString())
                .containsEntry("process.exit.code", 0L)
                .containsEntry("command.options", List.of("--configuration"));
    }

    @Test
    void acceptsProtoFieldNamesNumbersForInt64AndEnumNames() throws Exception {
        List<IncomingRecord> records = decode(
                "{\"resource_logs\":[{\"scope_logs\":[{\"log_records\":[{\"event_name\":\"e\","
                        + "\"time_unix_nano\":123,\"severity_number\":\"SEVERITY_NUMBER_ERROR\",\"attributes\":[{\"key\":\"n\","
                        + "\"value\":{\"int_value\":7}},{\"key\":\"d\",\"value\":{\"doubleValue\":\"NaN\"}}]}]}],"
                        + "\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"t\"}}]}}]}");

        IncomingRecord r = records.get(0);
        assertThat(r.eventName()).isEqualTo("e");
        assertThat(r.timeUnixNano()).isEqualTo(123);
        assertThat(r.severityNumber()).isEqualTo(17);
        assertThat(r.attributes().get("n")).isEqualTo(7L);
        assertThat((Double) r.attributes().get("d")).isNaN();
        assertThat(r.resource()).containsEntry("service.name", "t");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        assertThat(decode(
                        "{\"x\":[1,{\"y\":2}],\"resourceLogs\":[{\"schemaUrl\":\"s\",\"scopeLogs\":[{\"logRecords\":[{"
                                + "\"traceId\":\"00\",\"body\":{\"stringValue\":\"hello\"},\"eventName\":\"e\"}]}]}]}"))
                .hasSize(1);
        assertThat(decode("{}")).isEmpty();
    }

    @Test
    void badShapesNameTheProblem() {
        assertThatThrownBy(() -> decode("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> decode("{\"resourceLogs\":{}}")).hasMessageContaining("resourceLogs must be an array");
        assertThatThrownBy(() ->
                        decode("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"soon\"}]}]}]}"))
                .hasMessageContaining("timeUnixNano must be a 64-bit integer");
        assertThatThrownBy(
                        () -> decode("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"attributes\":[{\"value\":"
                                + "{\"stringValue\":\"v\"}}]}]}]}]}"))
                .hasMessageContaining("has no key");
        assertThatThrownBy(() -> decode("{} {}")).hasMessageContaining("after the JSON object");
        assertThatThrownBy(() -> decode("{\"resourceLogs\":[")).hasMessageContaining("malformed JSON");
    }

    @Test
    void deepNestingIsRefusedNotFollowed() {
        String deep = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"attributes\":[{\"key\":\"k\",\"value\":"
                + "{\"arrayValue\":{\"values\":[".repeat(12) + "{\"stringValue\":\"x\"}" + "]}}".repeat(12)
                + "}]}]}]}]}";
        assertThatThrownBy(() -> decode(deep))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("nested");
        String veryDeep = "[".repeat(100_000);
        assertThatThrownBy(() -> decode("{\"x\":" + veryDeep)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void recordAndAttributeCountsAreCapped() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            records.append(i == 0 ? "" : ",").append("{\"eventName\":\"e\"}");
        }
        assertThatThrownBy(() -> decode(OtlpBodies.body("", records.toString())))
                .hasMessage("more than 100 log records in one request");
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            attrs.append(i == 0 ? "" : ",").append(OtlpBodies.attr("k" + i, "v"));
        }
        assertThatThrownBy(() -> decode(OtlpBodies.body(attrs.toString(), "")))
                .hasMessage("a resource has more than 20 attributes");
    }
}
