package dev.candor.collector.enrich;

import static dev.candor.collector.enrich.IpTruncatorTest.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The trusted-proxy entries of the configuration: what they accept, what they match, how they fail. */
class TrustedProxiesTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "192.0.2.128/25, 192.0.2.128, true",
        "192.0.2.128/25, 192.0.2.127, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "127.0.0.1/32, 127.0.0.1, true",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "::1, ::1, true",
        "::1, ::2, false",
        "::1/128, ::1, true",
        "fd00::/8, fd12:3456::1, true",
        "fd00::/8, fc00::1, false",
        "fc00::/7, fd00::1, true",
        "2001:db8:abcd:12::/63, 2001:db8:abcd:13:ffff::1, true",
        "2001:db8:abcd:12::/63, 2001:db8:abcd:14::, false",
        "::/0, 2001:db8::1, true",
        "::/0, 192.0.2.1, false",
        "::ffff:10.0.0.0/104, 10.9.8.7, true",
        "::ffff:10.0.0.0/104, 11.0.0.0, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
    })
    void anEntryMatchesExactlyItsNetwork(String entry, String address, boolean trusted) {
        assertThat(TrustedNetwork.parse(entry).contains(literal(address))).isEqualTo(trusted);
    }

    @Test
    void surroundingSpacesInAnEntryAreIgnored() {
        assertThat(TrustedNetwork.parse(" 10.0.0.0/8 ").contains(literal("10.1.1.1")))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "proxy.internal",
                "localhost",
                "10.0.0.0/",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "10.0.0.0/08",
                "10.0.0.0/x",
                "10.0.0/8",
                "::/129",
                "fd00::/ 8",
                "10.0.0.0 /8",
                "300.0.0.0/8",
                "127.1",
                "::ffff:10.0.0.0/8"
            })
    void anInvalidEntryIsAConfigurationErrorNamingIt(String entry) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClientAddress.trusting(List.of("127.0.0.1", entry)))
                .withMessageContaining("'" + entry + "'");
    }

    @Test
    void anEntryWithHostBitsSetIsRejectedWithTheNetworkItProbablyMeant() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClientAddress.trusting(List.of("10.1.2.3/8")))
                .withMessageContaining("'10.1.2.3/8'")
                .withMessageContaining("10.0.0.0/8");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClientAddress.trusting(List.of("fd00::1/8")))
                .withMessageContaining("'fd00::1/8'");
    }

    @Test
    void aNullListOrEntryIsAConfigurationError() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAddress.trusting(null));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAddress.trusting(Arrays.asList("::1", null)));
    }

    @Test
    void theEntriesOfTheBriefAreAccepted() {
        ClientAddress clients = ClientAddress.trusting(List.of("10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"));

        assertThat(clients.clientNetwork("fd00::5", List.of("198.51.100.23"))).isEqualTo(literal("198.51.100.0"));
    }
}
