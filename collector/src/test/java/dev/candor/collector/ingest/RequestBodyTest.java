package dev.candor.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.collector.testing.Http;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    @Test
    void inflatesGzip() throws Exception {
        byte[] gz = Http.gzip("hello".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(RequestBody.gunzip(gz, 100), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void inflatesConcatenatedMembers() throws Exception {
        byte[] a = Http.gzip("ab".getBytes(StandardCharsets.UTF_8));
        byte[] b = Http.gzip("cd".getBytes(StandardCharsets.UTF_8));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);

        assertThat(new String(RequestBody.gunzip(both, 100), StandardCharsets.UTF_8))
                .isEqualTo("abcd");
    }

    @Test
    void stopsABombAtTheLimit() {
        byte[] bomb = Http.gzip(new byte[10 << 20]);

        assertThatThrownBy(() -> RequestBody.gunzip(bomb, 1 << 20)).isInstanceOf(RequestBody.TooLarge.class);
    }

    @Test
    void refusesTruncatedCorruptAndNonGzipData() {
        byte[] gz = Http.gzip("hello world, hello world".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> RequestBody.gunzip(Arrays.copyOf(gz, gz.length - 12), 100))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> RequestBody.gunzip(Arrays.copyOf(gz, 12), 100))
                .isInstanceOf(BadRequestException.class);
        byte[] corrupt = gz.clone();
        corrupt[12] ^= 0x55;
        corrupt[13] ^= 0x55;
        assertThatThrownBy(() -> RequestBody.gunzip(corrupt, 100)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> RequestBody.gunzip("{}".getBytes(StandardCharsets.UTF_8), 100))
                .hasMessageContaining("not gzip data");
    }
}
