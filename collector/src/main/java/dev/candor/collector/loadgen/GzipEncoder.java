package dev.candor.collector.loadgen;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) at deflate's fastest level, reusing one {@link Deflater} and one buffer: the
 * generator must leave the CPU to the collector it measures. Not thread-safe; {@link #close()} frees
 * the native deflate state.
 */
final class GzipEncoder implements AutoCloseable {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private byte[] buffer = new byte[1 << 16];

    byte[] encode(byte[] data) {
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        int n = HEADER.length;
        while (!deflater.finished()) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            n += deflater.deflate(buffer, n, buffer.length - n);
        }
        crc.reset();
        crc.update(data);
        byte[] out = Arrays.copyOf(buffer, n + 8);
        le32(out, n, (int) crc.getValue());
        le32(out, n + 4, data.length);
        return out;
    }

    private static void le32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
