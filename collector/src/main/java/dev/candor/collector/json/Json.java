package dev.candor.collector.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The collector's one Jackson mapper: thread-safe once made, and costly to make more than once. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
