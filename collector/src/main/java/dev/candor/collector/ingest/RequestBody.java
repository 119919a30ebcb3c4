package dev.candor.collector.ingest;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Request bodies after transfer: gunzipped with a hard cap on the <em>output</em>, so a gzip bomb
 * (a few KB that inflate to gigabytes) costs at most the cap before it is refused.
 */
public final class RequestBody {
    private RequestBody() {}

    /** The answer (408) to a body that arrived too slowly or stopped arriving. */
    public static final String TOO_SLOW = "the body arrived too slowly; send it again";

    /**
     * Whether a failed read timed out: the connection's idle timeout (a body that stopped), or the
     * minimum data rate (a body that trickles). Both fail the read with a {@link TimeoutException}.
     */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The body is larger than allowed after decompression: answer 413. */
    public static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        public TooLarge(long limit) {
            super("the body is larger than " + limit + " bytes after decompression", null, false, false);
        }
    }

    /** Inflates a gzip member (RFC 1952), or several concatenated ones, to at most {@code limit} bytes. */
    public static byte[] gunzip(byte[] gz, int limit) throws BadRequestException, TooLarge {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(256, gz.length * 4)));
        int pos = 0;
        byte[] buf = new byte[16 * 1024];
        do {
            pos = header(gz, pos);
            int memberStart = out.size();
            CRC32 crc = new CRC32();
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(gz, pos, gz.length - pos);
                while (!inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new BadRequestException("the gzip body is truncated");
                    }
                    if (out.size() + n > limit) {
                        throw new TooLarge(limit);
                    }
                    out.write(buf, 0, n);
                    crc.update(buf, 0, n);
                }
                pos = gz.length - inflater.getRemaining();
            } catch (DataFormatException e) {
                throw new BadRequestException("the gzip body is corrupt");
            } finally {
                inflater.end();
            }
            if (pos + 8 > gz.length) {
                throw new BadRequestException("the gzip body is truncated");
            }
            if ((int) crc.getValue() != le32(gz, pos) || out.size() - memberStart != le32(gz, pos + 4)) {
                throw new BadRequestException("the gzip body is corrupt (checksum mismatch)");
            }
            pos += 8;
        } while (pos < gz.length && gz[pos] == 0x1f);
        return out.toByteArray();
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    /** Skips a gzip member header; returns where the deflate data starts. */
    private static int header(byte[] b, int p) throws BadRequestException {
        if (b.length - p < 10 || (b[p] & 0xff) != 0x1f || (b[p + 1] & 0xff) != 0x8b || b[p + 2] != 8) {
            throw new BadRequestException("Content-Encoding is gzip but the body is not gzip data");
        }
        int flags = b[p + 3] & 0xff;
        int i = p + 10;
        try {
            if ((flags & 4) != 0) { // FEXTRA
                int len = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
                i += 2 + len;
            }
            if ((flags & 8) != 0) { // FNAME
                while (b[i++] != 0) {
                    // skip
                }
            }
            if ((flags & 16) != 0) { // FCOMMENT
                while (b[i++] != 0) {
                    // skip
                }
            }
            if ((flags & 2) != 0) { // FHCRC
                i += 2;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new BadRequestException("the gzip header is truncated");
        }
        if (i > b.length) {
            throw new BadRequestException("the gzip header is truncated");
        }
        return i;
    }
}
