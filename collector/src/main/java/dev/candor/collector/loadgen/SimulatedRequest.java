package dev.candor.collector.loadgen;

/**
 * One request body as the SDK would send it, before compression.
 *
 * @param json an OTLP/JSON {@code ExportLogsServiceRequest}: one {@code ResourceLogs} per run
 * @param events how many log records it holds
 * @param clientAddress the sending machine's public address, for {@code X-Forwarded-For}
 */
public record SimulatedRequest(byte[] json, int events, String clientAddress) {}
