package dev.candor.telemetry.internal;

import dev.candor.common.JsonWriter;
import dev.candor.telemetry.EventCatalog;
import dev.candor.telemetry.EventDefinition;
import dev.candor.telemetry.PropertyDefinition;
import java.util.Collection;

/**
 * The catalog as JSON, for {@code <tool> --telemetry-catalog} and for the collector, which validates
 * incoming events against it. The field names follow VS Code's telemetry report.
 */
public final class CatalogJson {
    private CatalogJson() {}

    public static String of(String toolId, String toolVersion, int noticeVersion, EventCatalog catalog) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.field("schema", "candor.catalog.v1");
        w.field("tool", toolId).field("toolVersion", toolVersion).field("noticeVersion", noticeVersion);
        w.name("commonProperties");
        properties(w, catalog.commonProperties());
        w.name("events").beginArray();
        for (EventDefinition e : catalog.events().values()) {
            w.beginObject();
            w.field("name", e.name());
            w.field("level", e.level().id());
            w.field("purpose", e.purpose().wireName());
            w.field("comment", e.comment());
            w.name("properties");
            properties(w, e.properties().values());
            w.endObject();
        }
        w.endArray();
        w.endObject();
        return w.toString();
    }

    private static void properties(JsonWriter w, Collection<PropertyDefinition> properties) {
        w.beginArray();
        for (PropertyDefinition p : properties) {
            w.beginObject();
            w.field("name", p.name());
            w.field("type", p.type().wireName());
            w.field("classification", p.classification().wireName());
            w.field("purpose", p.purpose().wireName());
            w.field("endpoint", p.endpoint().wireName());
            w.field("isMeasurement", p.isMeasurement());
            w.field("hashed", p.isHashed());
            w.field("comment", p.comment());
            if (!p.allowedValues().isEmpty()) {
                w.name("values");
                w.beginArray();
                for (String v : p.allowedValues()) {
                    w.value(v);
                }
                w.endArray();
            }
            w.endObject();
        }
        w.endArray();
    }
}
