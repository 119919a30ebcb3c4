package dev.candor.collector.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the smallest IPv4 MaxMind DB there is, one search-tree node: 0.0.0.0/1 gets one record and
 * 128.0.0.0/1 the other. It lets tests hand {@link CountryLookup} records the real database does not
 * have, following the format at https://maxmind.github.io/MaxMind-DB/.
 */
final class TinyMaxMindDb {
    private static final byte[] METADATA_MARKER = {
        (byte) 0xab, (byte) 0xcd, (byte) 0xef, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
    };
    private static final int NODE_COUNT = 1;
    private static final int DATA_SECTION_SEPARATOR = 16;

    private TinyMaxMindDb() {}

    /** An unsigned integer of a given MaxMind DB type: 5 (uint16), 6 (uint32) or 9 (uint64). */
    private record Unsigned(int type, long value) {}

    static Path write(Path file, Map<String, Object> lowerHalf, Map<String, Object> upperHalf) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        encode(data, lowerHalf);
        int upperOffset = data.size();
        encode(data, upperHalf);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeRecord(out, 0);
        writeRecord(out, upperOffset);
        out.write(new byte[DATA_SECTION_SEPARATOR]);
        data.writeTo(out);
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Unsigned(6, NODE_COUNT));
        metadata.put("record_size", new Unsigned(5, 24));
        metadata.put("ip_version", new Unsigned(5, 4));
        metadata.put("database_type", "tiny-test");
        metadata.put("languages", List.of());
        metadata.put("binary_format_major_version", new Unsigned(5, 2));
        metadata.put("binary_format_minor_version", new Unsigned(5, 0));
        metadata.put("build_epoch", new Unsigned(9, 1_700_000_000L));
        metadata.put("description", Map.of());
        encode(out, metadata);
        return Files.write(file, out.toByteArray());
    }

    /** A 24-bit search-tree record pointing at {@code dataOffset} in the data section. */
    private static void writeRecord(ByteArrayOutputStream out, int dataOffset) {
        int value = dataOffset + NODE_COUNT + DATA_SECTION_SEPARATOR;
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Map<?, ?> map) {
            control(out, 7, map.size());
            map.forEach((k, v) -> {
                encode(out, k);
                encode(out, v);
            });
        } else if (value instanceof List<?> list) {
            control(out, 11, list.size());
            list.forEach(element -> encode(out, element));
        } else if (value instanceof Unsigned number) {
            int length = (64 - Long.numberOfLeadingZeros(number.value()) + 7) / 8;
            control(out, number.type(), length);
            for (int i = length - 1; i >= 0; i--) {
                out.write((int) (number.value() >>> (8 * i)));
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    /** The control byte: type in the top three bits (0 and a second byte for types past 7), size below. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes of 29 and more need the long form, not written here");
        }
        if (type <= 7) {
            out.write(type << 5 | size);
        } else {
            out.write(size);
            out.write(type - 7);
        }
    }
}
