package dev.candor.collector.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.store.StoredEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnricherTest {
    private static final long NOW_MICROS = 1_790_000_000_000_000L;
    private final EventEnricher enricher = new EventEnricher(new MachineIdHasher(new byte[32]), 8192);

    private StoredEvent enrich(long timeNanos, Map<String, Object> resource, Map<String, Object> attributes) {
        return enricher.enrich("forge", "cli.command", timeNanos, resource, attributes, "Germany", NOW_MICROS);
    }

    @Test
    void mapsWellKnownAttributesToColumnsAndKeepsTheRestAsScrubbedJson() {
        StoredEvent e = enrich(
                NOW_MICROS * 1000 - 5_000_000,
                Map.of(
                        "os.type",
                        "darwin",
                        "service.version",
                        "1.0.0",
                        "host.arch",
                        "arm64",
                        "candor.machine.id",
                        "abc"),
                Map.of(
                        "command.path",
                        "build",
                        "process.exit.code",
                        3L,
                        "note",
                        "see /home/ann/secret.txt",
                        "command.options",
                        List.of("--verbose")));

        assertThat(e.osFamily()).isEqualTo("Darwin");
        assertThat(e.toolVersion()).isEqualTo("1.0.0");
        assertThat(e.osVersion()).isEqualTo("Unknown");
        assertThat(e.command()).isEqualTo("build");
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.eventTimeMicros()).isEqualTo(NOW_MICROS - 5000);
        assertThat(e.geography()).isEqualTo("Germany");
        assertThat(e.machineId()).matches("[0-9a-f]{64}");
        assertThat(e.properties())
                .isEqualTo("{\"command.options\":[\"--verbose\"],\"host.arch\":\"arm64\","
                        + "\"note\":\"see <REDACTED: user-file-path>\"}");
    }

    @Test
    void aClockFarOffIsReplacedByTheReceiveTime() {
        assertThat(enrich(0, Map.of(), Map.of()).eventTimeMicros()).isEqualTo(NOW_MICROS);
        assertThat(enrich((NOW_MICROS + 2L * 86_400_000_000L) * 1000, Map.of(), Map.of())
                        .eventTimeMicros())
                .isEqualTo(NOW_MICROS);
    }

    @Test
    void theUidIsTheEventIdAndWithoutOneTheIdIsDerivedStably() {
        UUID uid = UUID.randomUUID();
        assertThat(enrich(1, Map.of(), Map.of("log.record.uid", uid.toString())).eventId())
                .isEqualTo(uid);

        UUID a = enrich(1, Map.of("os.type", "linux"), Map.of("x", "1")).eventId();
        UUID b = enrich(1, Map.of("os.type", "linux"), Map.of("x", "1")).eventId();
        UUID c = enrich(1, Map.of("os.type", "linux"), Map.of("x", "2")).eventId();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(a.version()).isEqualTo(8);
    }

    @Test
    void osTypesBecomeTheDotnetFamilies() {
        assertThat(List.of("linux", "windows", "freebsd", "hpux", "z_os", "plan9"))
                .map(EventEnricher::osFamily)
                .containsExactly("Linux", "Windows", "FreeBSD", "HP-UX", "z/OS", "Unknown");
        assertThat(EventEnricher.osFamily(null)).isEqualTo("Unknown");
    }
}
