package dev.candor.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decodes an OTLP/protobuf {@code ExportLogsServiceRequest} into the same records as the JSON decoder. */
public final class OtlpProtobufDecoder {
    private static final int MAX_VALUE_DEPTH = 8;

    private final OtlpJsonDecoder.Limits limits;

    public OtlpProtobufDecoder(OtlpJsonDecoder.Limits limits) {
        this.limits = limits;
    }

    public List<IncomingRecord> decode(byte[] body) throws BadRequestException {
        ExportLogsServiceRequest request;
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.setRecursionLimit(32);
            request = ExportLogsServiceRequest.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new BadRequestException("malformed protobuf: not an ExportLogsServiceRequest");
        } catch (java.io.IOException e) {
            throw new BadRequestException("malformed protobuf: not an ExportLogsServiceRequest");
        }
        List<IncomingRecord> out = new ArrayList<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Map<String, Object> resource =
                    Collections.unmodifiableMap(attributes(rl.getResource().getAttributesList(), "resource"));
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    if (out.size() >= limits.maxRecords()) {
                        throw new BadRequestException(
                                "more than " + limits.maxRecords() + " log records in one request");
                    }
                    out.add(new IncomingRecord(
                            resource,
                            r.getEventName(),
                            r.getTimeUnixNano(),
                            r.getObservedTimeUnixNano(),
                            r.getSeverityNumberValue(),
                            attributes(r.getAttributesList(), "log record")));
                }
            }
        }
        return out;
    }

    private Map<String, Object> attributes(List<KeyValue> list, String owner) throws BadRequestException {
        if (list.size() > limits.maxAttributes()) {
            throw new BadRequestException("a " + owner + " has more than " + limits.maxAttributes() + " attributes");
        }
        Map<String, Object> out = new HashMap<>();
        for (KeyValue kv : list) {
            if (kv.getKey().isEmpty()) {
                throw new BadRequestException("an attribute of a " + owner + " has no key");
            }
            Object v = value(kv.getValue(), 0);
            if (v != null) {
                out.put(kv.getKey(), v);
            }
        }
        return out;
    }

    private Object value(AnyValue v, int depth) throws BadRequestException {
        if (depth > MAX_VALUE_DEPTH) {
            throw new BadRequestException("attribute values nested deeper than " + MAX_VALUE_DEPTH + " levels");
        }
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return v.getStringValue();
            case BOOL_VALUE:
                return v.getBoolValue();
            case INT_VALUE:
                return v.getIntValue();
            case DOUBLE_VALUE:
                return v.getDoubleValue();
            case BYTES_VALUE:
                return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE: {
                if (v.getArrayValue().getValuesCount() > limits.maxAttributes()) {
                    throw new BadRequestException(
                            "an array value has more than " + limits.maxAttributes() + " elements");
                }
                List<Object> values = new ArrayList<>();
                for (AnyValue e : v.getArrayValue().getValuesList()) {
                    Object o = value(e, depth + 1);
                    if (o != null) {
                        values.add(o);
                    }
                }
                return values;
            }
            case KVLIST_VALUE: {
                if (v.getKvlistValue().getValuesCount() > limits.maxAttributes()) {
                    throw new BadRequestException(
                            "a kvlist value has more than " + limits.maxAttributes() + " entries");
                }
                Map<String, Object> values = new HashMap<>();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    Object o = value(kv.getValue(), depth + 1);
                    if (o != null) {
                        values.put(kv.getKey(), o);
                    }
                }
                return values;
            }
            default:
                return null;
        }
    }
}
