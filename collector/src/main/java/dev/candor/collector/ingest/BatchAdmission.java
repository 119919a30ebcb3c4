package dev.candor.collector.ingest;

import dev.candor.collector.catalog.ToolCatalog;
import dev.candor.collector.catalog.ToolRegistry;
import dev.candor.collector.enrich.EventEnricher;
import dev.candor.collector.store.StoredEvent;
import dev.candor.common.AttributeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, record by record, what of a decoded request may be stored: a record of another tool or
 * outside the catalog is rejected (and counted, for {@code partialSuccess}); attributes outside the
 * catalog are dropped. What passes is enriched into rows.
 */
public final class BatchAdmission {
    private final EventEnricher enricher;

    /** The outcome for one request. {@code rejectedByReason} keys are metric label values. */
    public record Admitted(
            List<StoredEvent> events,
            int rejected,
            String firstProblem,
            Map<String, Integer> rejectedByReason,
            int droppedAttributes) {}

    public BatchAdmission(EventEnricher enricher) {
        this.enricher = enricher;
    }

    public Admitted admit(
            ToolRegistry.Tool tool, List<IncomingRecord> records, String geography, long receivedAtMicros) {
        List<StoredEvent> events = new ArrayList<>(records.size());
        Map<String, Integer> reasons = new LinkedHashMap<>();
        String firstProblem = null;
        int dropped = 0;
        ToolCatalog catalog = tool.catalog();
        Map<Map<String, Object>, EventEnricher.Resource> prepared = new IdentityHashMap<>();
        boolean declaredKeys = catalog != null;
        for (IncomingRecord r : records) {
            String problem = null;
            String reason = null;
            Object service = r.resource().get(AttributeNames.SERVICE_NAME);
            if (service != null && !tool.id().equals(service)) {
                reason = "wrong_tool";
                problem = "service.name does not match the tool of the ingest key ('" + tool.id() + "')";
            } else if (r.eventName() == null || r.eventName().isEmpty()) {
                reason = "no_event_name";
                problem = "a log record has no eventName (Candor events are named log records)";
            } else if (catalog != null && !catalog.hasEvent(r.eventName())) {
                reason = "unknown_event";
                problem = "an event is not in the catalog of '" + tool.id() + "'";
            }
            if (problem != null) {
                reasons.merge(reason, 1, Integer::sum);
                if (firstProblem == null) {
                    firstProblem = problem;
                }
                continue;
            }
            EventEnricher.Resource resource = prepared.get(r.resource());
            if (resource == null) {
                Map<String, Object> kept = r.resource();
                if (catalog != null) {
                    kept = new HashMap<>();
                    for (Map.Entry<String, Object> e : r.resource().entrySet()) {
                        // The owner key is the protocol's, not the tool's: kept whatever the catalog says.
                        if (catalog.allowsResourceAttribute(e.getKey())
                                || AttributeNames.OWNER_KEY.equals(e.getKey())) {
                            kept.put(e.getKey(), e.getValue());
                        } else {
                            dropped++;
                        }
                    }
                }
                resource = enricher.resource(tool.id(), kept, declaredKeys);
                prepared.put(r.resource(), resource);
            }
            Map<String, Object> attributes = r.attributes();
            if (catalog != null) {
                Map<String, Object> keptAttributes = new HashMap<>();
                for (Map.Entry<String, Object> e : attributes.entrySet()) {
                    if (catalog.allowsAttribute(r.eventName(), e.getKey())) {
                        keptAttributes.put(e.getKey(), catalog.closedValue(r.eventName(), e.getKey(), e.getValue()));
                    } else {
                        dropped++;
                    }
                }
                attributes = keptAttributes;
            }
            long time = r.timeUnixNano() != 0 ? r.timeUnixNano() : r.observedTimeUnixNano();
            events.add(enricher.enrich(
                    resource, r.eventName(), time, attributes, declaredKeys, geography, receivedAtMicros));
        }
        int rejected = records.size() - events.size();
        return new Admitted(events, rejected, firstProblem, reasons, dropped);
    }
}
