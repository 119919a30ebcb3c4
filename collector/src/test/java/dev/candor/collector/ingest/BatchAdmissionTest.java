package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.enrich.MachineIdHasher;
import dev.candor.collector.store.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch is admitted row for row as if each of its runs came alone: what is shared must not change a row. */
class BatchAdmissionTest {
    private static final long NOW_MICROS = 1_790_000_000_000_000L;
    private final EventEnricher enricher = new EventEnricher(new MachineIdHasher(new byte[32]), 8192);
    private final ToolRegistry.Tool forge = new ToolRegistry.Tool("forge", new byte[16], null);

    private static Map<String, Object> resource(String machine, String session, String cwd) {
        Map<String, Object> r = new HashMap<>();
        r.put("service.name", "forge");
        r.put("service.version", "1.4.0");
        r.put("os.type", "linux");
        r.put("candor.machine.id", machine);
        r.put("session.id", session);
        r.put("host.arch", "amd64");
        r.put("candor.cwd", cwd);
        r.put("candor.ci", false);
        return r;
    }

    private static IncomingRecord record(Map<String, Object> resource, String command, Map<String, Object> more) {
        Map<String, Object> attributes = new HashMap<>(more);
        attributes.put("command.path", command);
        return new IncomingRecord(resource, "cli.command", (NOW_MICROS - 60_000_000) * 1000, 0, 9, attributes);
    }

    @Test
    void runsOfOneMachineInOneRequestGiveTheRowsEachWouldGiveAlone() {
        List<IncomingRecord> batch = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            Map<String, Object> r = resource("machine-a", "session-" + run, "/home/annabelle-planted/src");
            batch.add(record(r, "build", Map.of("run", (long) run, "host.arch", "arm64-from-the-event")));
            batch.add(record(r, "test", Map.of("zz.last", "after every resource key")));
        }
        batch.add(record(resource("machine-b", "session-b", "/srv/ci"), "pack", Map.of()));
        // Same attributes as machine-a's runs but for the session: must still get its own session id.
        batch.add(record(resource("machine-a", "session-late", "/home/annabelle-planted/src"), "run", Map.of()));

        List<StoredEvent> together = new BatchAdmission(enricher)
                .admit(forge, batch, "Germany", NOW_MICROS)
                .events();

        List<StoredEvent> alone = new ArrayList<>();
        for (IncomingRecord r : batch) {
            alone.addAll(new BatchAdmission(enricher)
                    .admit(forge, List.of(r), "Germany", NOW_MICROS)
                    .events());
        }
        assertThat(together).hasSize(batch.size()).isEqualTo(alone);
        assertThat(together.stream().map(StoredEvent::sessionId).distinct()).hasSize(7);
        assertThat(together.get(0).properties())
                .isEqualTo("{\"candor.ci\":false,\"candor.cwd\":\"<REDACTED: user-file-path>\","
                        + "\"host.arch\":\"arm64-from-the-event\",\"run\":0}");
        assertThat(together.get(1).properties())
                .isEqualTo("{\"candor.ci\":false,\"candor.cwd\":\"<REDACTED: user-file-path>\","
                        + "\"host.arch\":\"amd64\",\"zz.last\":\"after every resource key\"}");
        assertThat(together).noneMatch(e -> e.toString().contains("annabelle-planted"));
    }
}
