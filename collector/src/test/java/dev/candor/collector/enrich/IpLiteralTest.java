package dev.candor.collector.enrich;

import static dev.candor.collector.enrich.IpTruncatorTest.literal;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.1", "1.2.3.4", "100.64.0.0"})
    void aDottedQuadIsTheAddressTheJdkReads(String text) {
        assertThat(IpLiteral.parse(text)).isInstanceOf(Inet4Address.class).isEqualTo(literal(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "1::",
                "2001:db8::1",
                "2001:DB8::A:b",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "1::8",
                "fe80::1:2:3:4",
                "2001:0db8:0000:0000:0000:0000:0000:0001",
                "64:ff9b::192.0.2.1",
                "1:2:3:4:5:6:192.0.2.1",
                "::192.0.2.1",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
            })
    void anIpv6LiteralIsTheAddressTheJdkReads(String text) {
        assertThat(IpLiteral.parse(text)).isInstanceOf(Inet6Address.class).isEqualTo(literal(text));
    }

    @Test
    void anIpv4MappedLiteralIsTheIpv4Address() {
        assertThat(IpLiteral.parse("::ffff:192.0.2.1"))
                .isInstanceOf(Inet4Address.class)
                .isEqualTo(literal("192.0.2.1"));
        assertThat(IpLiteral.parse("::FFFF:c000:0201")).isEqualTo(literal("192.0.2.1"));
    }

    @Test
    void aZoneIsAcceptedAndDropped() {
        InetAddress address = IpLiteral.parse("fe80::1%eth0");

        assertThat(address.getAddress()).isEqualTo(literal("fe80::1").getAddress());
        assertThat(((Inet6Address) address).getScopeId()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.256",
                "1000.2.3.4",
                "01.2.3.4",
                "1.2.3.04",
                "00.0.0.0",
                "0x7f.0.0.1",
                "127.1",
                "2130706433",
                " 1.2.3.4",
                "1.2.3.4 ",
                "1..2.3",
                "1.2.3.",
                ".1.2.3",
                "+1.2.3.4",
                "1.2.3.-4",
                "1.2.3.4/24",
                "1.2.3.4%eth0",
                "\u0661.\u0662.\u0663.\u0664",
                "\uff11.2.3.4"
            })
    void anythingButAStrictDottedQuadIsNotAnIpv4Literal(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ":",
                ":::",
                "1:::2",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "12345::",
                "g::1",
                "::1:",
                ":1::",
                ":1",
                "1:",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::1.2.3",
                "::256.0.0.1",
                "::1.2.3.4:5",
                "::01.2.3.4",
                "1.2.3.4::",
                "[::1]",
                "fe80::1%",
                "fe80::1%eth 0",
                "fe80::1%eth0]",
                "::\uff26\uff26",
                "::1 ",
                " ::1",
                "::-1",
                "::+1",
                "1:2:3:4:5:6:7:8%",
                "1:2:3:4::5:6:7:8",
                "::1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:8::",
                "::1:2:3:4:5:6:1.2.3.4"
            })
    void anythingButAnRfc4291LiteralIsNotAnIpv6Literal(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "example.com",
                "192.0.2.1.nip.io",
                "host:80",
                "unknown",
                "_hidden",
                "xn--bcher-kva.example",
                "a.b.c.d"
            })
    void aHostNameIsNotALiteral(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @Test
    void nullIsNotALiteral() {
        assertThat(IpLiteral.parse(null)).isNull();
    }

    @Test
    void randomAddressesRoundTripThroughTheirJdkSpelling() throws Exception {
        Random random = new Random(20260601);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(bytes);
            InetAddress address = InetAddress.getByAddress(bytes);

            assertThat(IpLiteral.parse(address.getHostAddress()))
                    .as(address.getHostAddress())
                    .isEqualTo(address);
        }
    }

    @Test
    void aRangeOfALongerStringIsParsedAlone() {
        String text = "x192.0.2.1y[2001:db8::1]";

        assertThat(IpLiteral.parse(text, 1, 10)).isEqualTo(literal("192.0.2.1"));
        assertThat(IpLiteral.parse(text, 12, 23)).isEqualTo(literal("2001:db8::1"));
        assertThat(IpLiteral.parse(text, 0, 10)).isNull();
    }
}
