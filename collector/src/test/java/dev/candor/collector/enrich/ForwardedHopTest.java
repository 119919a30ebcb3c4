package dev.candor.collector.enrich;

import static dev.candor.collector.enrich.IpTruncatorTest.literal;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardedHopTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "192.0.2.1 | 192.0.2.1",
                "192.0.2.1:8080 | 192.0.2.1",
                "192.0.2.1:0 | 192.0.2.1",
                "192.0.2.1:65535 | 192.0.2.1",
                "2001:db8::1 | 2001:db8::1",
                "[2001:db8::1] | 2001:db8::1",
                "[2001:db8::1]:443 | 2001:db8::1",
                "[::ffff:192.0.2.1]:443 | 192.0.2.1",
            })
    void theFormsProxiesWriteAreRead(String hop, String address) {
        assertThat(ForwardedHop.parse(hop)).isEqualTo(literal(address));
    }

    @Test
    void spacesAndTabsAroundAHopAreIgnored() {
        assertThat(ForwardedHop.parse("  192.0.2.1\t")).isEqualTo(literal("192.0.2.1"));
        assertThat(ForwardedHop.parse("\t[2001:db8::1]:80 ")).isEqualTo(literal("2001:db8::1"));
    }

    @Test
    void aBareIpv6AddressEndingInDigitsIsAnAddressNotAPort() {
        // Without brackets the last group cannot be a port: RFC 3986 needs [v6]:port.
        assertThat(ForwardedHop.parse("2001:db8::1:8080")).isEqualTo(literal("2001:db8::1:8080"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "192.0.2.1:",
                "192.0.2.1:65536",
                "192.0.2.1:123456",
                "192.0.2.1:80:80",
                "192.0.2.1:http",
                "192.0.2.1:-1",
                "[2001:db8::1",
                "2001:db8::1]",
                "[192.0.2.1]",
                "[2001:db8::1]:",
                "[2001:db8::1]x",
                "[2001:db8::1]:80x",
                "[]",
                "[[::1]]",
                "unknown",
                "_hidden",
                "localhost",
                "localhost:80",
                "[localhost]",
                "example.com:443",
                "192.0.2.1 192.0.2.2",
                "\"192.0.2.1\"",
                "for=192.0.2.1"
            })
    void anythingElseIsNotAHop(String hop) {
        assertThat(ForwardedHop.parse(hop)).isNull();
    }

    @Test
    void nullIsNotAHop() {
        assertThat(ForwardedHop.parse(null)).isNull();
    }
}
