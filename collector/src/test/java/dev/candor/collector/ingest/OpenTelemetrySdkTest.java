package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.StoreQueries;
import dev.candor.collector.testing.TestCollector;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any OpenTelemetry SDK's OTLP log exporter can send to Candor: here the Java SDK, protobuf and gzip. */
class OpenTelemetrySdkTest {
    @TempDir
    Path dir;

    @Test
    void theOpenTelemetryJavaSdkDeliversNamedEventsToAToolWithoutCatalog() throws Exception {
        try (CollectorServer server = TestCollector.start(dir, b -> b.tool("otel-app:otel-app-key-123"))) {
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                    .setEndpoint(server.baseUri() + "/v1/logs")
                    .setCompression("gzip")
                    .addHeader("Authorization", "Bearer otel-app-key-123")
                    .build();
            SdkLoggerProvider provider = SdkLoggerProvider.builder()
                    .setResource(Resource.create(Attributes.of(
                            AttributeKey.stringKey("service.name"),
                            "otel-app",
                            AttributeKey.stringKey("service.version"),
                            "2.0.0",
                            AttributeKey.stringKey("os.type"),
                            "windows")))
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
                    .build();
            Logger logger = provider.get("test");

            logger.logRecordBuilder()
                    .setEventName("report.generated")
                    .setSeverity(Severity.INFO)
                    .setAttribute(AttributeKey.stringKey("format"), "pdf")
                    .setAttribute(AttributeKey.longKey("pages"), 12L)
                    .setAttribute(AttributeKey.stringKey("owner"), "mail me at jane.doe@example.com")
                    .emit();
            CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
            provider.shutdown().join(10, TimeUnit.SECONDS);

            assertThat(flushed.isSuccess()).isTrue();
            List<List<Object>> rows = StoreQueries.rows(
                    server,
                    "SELECT tool, tool_version, event_name, os_family, "
                            + "properties->>'$.format', (properties->>'$.pages')::INT, properties->>'$.owner' FROM events");
            assertThat(rows)
                    .containsExactly(List.of(
                            "otel-app", "2.0.0", "report.generated", "Windows", "pdf", 12, "<REDACTED: email>"));
        }
    }
}
