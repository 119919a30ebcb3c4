package dev.candor.collector.ingest;

import java.util.Map;

/**
 * One OTLP LogRecord as decoded, before any check: untrusted. Attribute values are {@code String},
 * {@code Boolean}, {@code Long}, {@code Double}, {@code List} (array) or {@code Map} (key-value list);
 * bytes arrive as base64 text. {@code resource} is shared by the records of one ResourceLogs.
 */
public record IncomingRecord(
        Map<String, Object> resource,
        String eventName,
        long timeUnixNano,
        long observedTimeUnixNano,
        int severityNumber,
        Map<String, Object> attributes) {}
