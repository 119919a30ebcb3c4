package dev.candor.collector.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTruncatorTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.77, 192.0.2.0",
        "192.0.2.0, 192.0.2.0",
        "192.0.2.255, 192.0.2.0",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.0",
        "10.1.2.3, 10.1.2.0",
        "127.0.0.1, 127.0.0.0",
    })
    void anIpv4AddressKeepsItsSlash24(String address, String network) {
        assertThat(IpTruncator.truncate(literal(address))).isEqualTo(literal(network));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:1234:5678:9abc:def0:1234:5678, 2001:db8:1234::",
        "2001:db8:1234::, 2001:db8:1234::",
        "2001:db8:1234:ffff:ffff:ffff:ffff:ffff, 2001:db8:1234::",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff::",
        "::1, ::",
        "::, ::",
        "fe80::1, fe80::",
        "fd12:3456:789a:1::1, fd12:3456:789a::",
    })
    void anIpv6AddressKeepsItsSlash48(String address, String network) {
        assertThat(IpTruncator.truncate(literal(address))).isEqualTo(literal(network));
    }

    @Test
    void everyIpv4BitAfterTheFirst24IsCleared() throws Exception {
        for (int bit = 0; bit < 32; bit++) {
            InetAddress truncated = IpTruncator.truncate(InetAddress.getByAddress(withBit(4, bit)));
            byte[] expected = bit < 24 ? withBit(4, bit) : new byte[4];
            assertThat(truncated.getAddress()).as("bit %d", bit).isEqualTo(expected);
        }
    }

    @Test
    void everyIpv6BitAfterTheFirst48IsCleared() throws Exception {
        for (int bit = 0; bit < 128; bit++) {
            InetAddress truncated = IpTruncator.truncate(InetAddress.getByAddress(withBit(16, bit)));
            byte[] expected = bit < 48 ? withBit(16, bit) : new byte[16];
            assertThat(truncated.getAddress()).as("bit %d", bit).isEqualTo(expected);
        }
    }

    @Test
    void everyAddressInASlash24TruncatesToTheSameNetwork() throws Exception {
        for (int last = 0; last < 256; last++) {
            InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) last});
            assertThat(IpTruncator.truncate(address)).isEqualTo(literal("198.51.100.0"));
        }
    }

    @Test
    void anIpv4MappedIpv6AddressIsCutAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 77};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);

        InetAddress truncated = IpTruncator.truncate(address);

        assertThat(truncated).isInstanceOf(Inet4Address.class).isEqualTo(literal("192.0.2.0"));
    }

    @Test
    void aMappedLiteralIsCutAsIpv4() {
        assertThat(IpTruncator.truncate(literal("::ffff:203.0.113.9"))).isEqualTo(literal("203.0.113.0"));
    }

    @Test
    void anIpv4CompatibleAddressIsAnOrdinaryIpv6Address() {
        assertThat(IpTruncator.truncate(literal("::203.0.113.9"))).isEqualTo(literal("::"));
    }

    @Test
    void a6to4AddressKeepsOnlyTheSlash24OfItsEmbeddedIpv4Address() {
        assertThat(IpTruncator.truncate(literal("2002:c000:0277:1:2:3:4:5"))).isEqualTo(literal("2002:c000:0200::"));
    }

    @Test
    void theFamilyIsKept() {
        assertThat(IpTruncator.truncate(literal("192.0.2.1"))).isInstanceOf(Inet4Address.class);
        assertThat(IpTruncator.truncate(literal("2001:db8::1"))).isInstanceOf(Inet6Address.class);
    }

    @Test
    void truncatingANetworkAgainChangesNothing() {
        for (String address : new String[] {"192.0.2.77", "2001:db8:1:2::3", "::ffff:192.0.2.1", "2002:c000:0277::1"}) {
            InetAddress once = IpTruncator.truncate(literal(address));
            assertThat(IpTruncator.truncate(once)).as(address).isEqualTo(once);
        }
    }

    @Test
    void theResultCarriesNoHostNameAndNoScope() throws Exception {
        InetAddress named = InetAddress.getByAddress("alice-laptop.example", new byte[] {(byte) 192, 0, 2, 77});
        InetAddress scoped = Inet6Address.getByAddress(
                "alice-phone.example", literal("fe80::1:2:3:4").getAddress(), 3);

        assertThat(IpTruncator.truncate(named)).hasToString("/192.0.2.0");
        InetAddress truncatedScoped = IpTruncator.truncate(scoped);
        assertThat(truncatedScoped).hasToString("/fe80:0:0:0:0:0:0:0");
        assertThat(((Inet6Address) truncatedScoped).getScopeId()).isZero();
    }

    @Test
    void nullIsAProgrammingError() {
        assertThatNullPointerException().isThrownBy(() -> IpTruncator.truncate(null));
    }

    private static byte[] withBit(int length, int bit) {
        byte[] bytes = new byte[length];
        bytes[bit / 8] = (byte) (0x80 >>> (bit % 8));
        return bytes;
    }

    /** Test data only: every string here is a literal, so the JDK parses it without a DNS query. */
    static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
