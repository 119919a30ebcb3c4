package dev.candor.collector.enrich;

import static dev.candor.collector.enrich.IpTruncatorTest.literal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress clients = ClientAddress.trusting(List.of("10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"));

    @Test
    void aDirectClientIsItsOwnPeerCutToItsNetwork() {
        assertThat(clients.clientNetwork("203.0.113.77", List.of())).isEqualTo(literal("203.0.113.0"));
        assertThat(clients.clientNetwork("2001:db8:1:2::3", List.of())).isEqualTo(literal("2001:db8:1::"));
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddressWithXForwardedFor() {
        assertThat(clients.clientNetwork("203.0.113.77", List.of("198.51.100.1")))
                .isEqualTo(literal("203.0.113.0"));
        assertThat(clients.clientNetwork("203.0.113.77", List.of("10.0.0.1, 127.0.0.1")))
                .isEqualTo(literal("203.0.113.0"));
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsUsed() {
        assertThat(clients.clientNetwork("127.0.0.1", List.of("198.51.100.23"))).isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void behindATrustedProxyWithoutXForwardedForThePeerIsUsed() {
        assertThat(clients.clientNetwork("10.0.0.5", List.of())).isEqualTo(literal("10.0.0.0"));
        assertThat(clients.clientNetwork("10.0.0.5", null)).isEqualTo(literal("10.0.0.0"));
        assertThat(clients.clientNetwork("10.0.0.5", List.of(""))).isEqualTo(literal("10.0.0.0"));
    }

    @Test
    void theWalkSkipsTrustedHopsFromTheRight() {
        assertThat(clients.clientNetwork("127.0.0.1", List.of("198.51.100.23, 10.1.1.1, 10.2.2.2")))
                .isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void aValueTheClientPutInFrontOfTheChainIsIgnored() {
        // The client sent "X-Forwarded-For: 1.1.1.1"; our proxy appended the address it really saw.
        assertThat(clients.clientNetwork("10.0.0.5", List.of("1.1.1.1, 198.51.100.23")))
                .isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void aClientClaimingToBeATrustedProxyOnlyReachesTheNextUntrustedHop() {
        assertThat(clients.clientNetwork("10.0.0.5", List.of("1.1.1.1, 10.9.9.9, 198.51.100.23")))
                .isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void severalHeadersAreOneListInOrder() {
        List<String> headers = List.of("1.1.1.1, 198.51.100.23", "10.1.1.1", "10.2.2.2, 10.3.3.3");

        assertThat(clients.clientNetwork("10.0.0.5", headers)).isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        assertThat(clients.clientNetwork("10.0.0.5", List.of("10.7.7.7, 10.1.1.1", "127.0.0.1")))
                .isEqualTo(literal("10.7.7.0"));
    }

    @Test
    void aMalformedHopStopsTheWalkAtTheLastGoodHopToItsRight() {
        assertThat(clients.clientNetwork("10.0.0.5", List.of("198.51.100.23, garbage, 10.1.1.1")))
                .isEqualTo(literal("10.1.1.0"));
        assertThat(clients.clientNetwork("10.0.0.5", List.of("198.51.100.23, unknown")))
                .isEqualTo(literal("10.0.0.0"));
        assertThat(clients.clientNetwork("10.0.0.5", List.of("198.51.100.23", "1.2.3.4.5")))
                .isEqualTo(literal("10.0.0.0"));
    }

    @Test
    void hostNamesAreNeverResolved() {
        // localhost would resolve to 127.0.0.1 and so become the client; unresolved it ends the walk at the peer.
        ClientAddress trustingTenOnly = ClientAddress.trusting(List.of("10.0.0.0/8"));

        assertThat(trustingTenOnly.clientNetwork("10.0.0.5", List.of("203.0.113.1, localhost")))
                .isEqualTo(literal("10.0.0.0"));
        assertThat(trustingTenOnly.clientNetwork("localhost", List.of())).isNull();
        assertThat(trustingTenOnly.clientNetwork("10.0.0.5", List.of("candor-test-host.invalid")))
                .isEqualTo(literal("10.0.0.0"));
    }

    @Test
    void portsAndBracketsAreStripped() {
        assertThat(clients.clientNetwork("10.0.0.5", List.of("198.51.100.23:51234")))
                .isEqualTo(literal("198.51.100.0"));
        assertThat(clients.clientNetwork("10.0.0.5", List.of("[2001:db8:aa:bb::1]:443")))
                .isEqualTo(literal("2001:db8:aa::"));
        assertThat(clients.clientNetwork("[::1]", List.of("[2001:db8:aa:bb::1]")))
                .isEqualTo(literal("2001:db8:aa::"));
    }

    @Test
    void ipv6ProxiesAndClientsWalkLikeIpv4() {
        assertThat(clients.clientNetwork("::1", List.of("2001:db8:aa:bb::1, fd00::7")))
                .isEqualTo(literal("2001:db8:aa::"));
        assertThat(clients.clientNetwork("fd00::9", List.of("198.51.100.23"))).isEqualTo(literal("198.51.100.0"));
        assertThat(clients.clientNetwork("10.0.0.5", List.of("::ffff:198.51.100.23")))
                .isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void aMappedPeerIsMatchedAgainstIpv4Proxies() {
        assertThat(clients.clientNetwork("::ffff:10.0.0.5", List.of("198.51.100.23")))
                .isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void emptyListElementsAndSpacesAreSkipped() {
        assertThat(clients.clientNetwork("10.0.0.5", List.of(" 198.51.100.23 ,, \t10.1.1.1 ,")))
                .isEqualTo(literal("198.51.100.0"));
        assertThat(clients.clientNetwork("10.0.0.5", Arrays.asList(null, "198.51.100.23", null)))
                .isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void aPeerThatIsNotAnAddressGivesNoNetwork() {
        assertThat(clients.clientNetwork(null, List.of("198.51.100.23"))).isNull();
        assertThat(clients.clientNetwork("", List.of())).isNull();
        assertThat(clients.clientNetwork("/tmp/candor.sock", List.of())).isNull();
    }

    @Test
    void theFullAddressNeverLeaves() {
        assertThat(clients.clientNetwork("203.0.113.77", List.of()).getAddress()[3])
                .isZero();
        assertThat(clients.clientNetwork("10.0.0.5", List.of("198.51.100.23")).getAddress()[3])
                .isZero();
        assertThat(clients.clientNetwork("10.0.0.5", List.of("10.7.7.7")).getAddress()[3])
                .isZero();
    }

    @Test
    void hopsBeyondTheCapAreNotRead() {
        List<String> trustedChain = new ArrayList<>(Collections.nCopies(ClientAddress.MAX_HOPS - 1, "10.1.1.1"));
        trustedChain.add(0, "10.2.2.2");
        trustedChain.add(0, "198.51.100.23");

        // 64 hops are read: the left-most of them (10.2.2.2) is the client, the 65th is never seen.
        assertThat(clients.clientNetwork("10.0.0.5", List.of(String.join(",", trustedChain))))
                .isEqualTo(literal("10.2.2.0"));
        assertThat(clients.clientNetwork("10.0.0.5", trustedChain)).isEqualTo(literal("10.2.2.0"));
    }

    @Test
    void theHopRightAtTheCharacterCapIsStillRead() {
        String header = forwardedForOfLength(ClientAddress.MAX_FORWARDED_CHARS - 1);

        // The header's characters and one separator per element: exactly the cap.
        assertThat(clients.clientNetwork("10.0.0.5", List.of(header))).isEqualTo(literal("198.51.100.0"));
    }

    @Test
    void aHopOneCharacterBeyondTheCapIsNotRead() {
        String header = forwardedForOfLength(ClientAddress.MAX_FORWARDED_CHARS);

        assertThat(clients.clientNetwork("10.0.0.5", List.of(header))).isEqualTo(literal("10.1.1.0"));
    }

    @Test
    void theCharacterCapCountsAcrossHeaders() {
        String padded = forwardedForOfLength(ClientAddress.MAX_FORWARDED_CHARS).substring("198.51.100.23,".length());

        assertThat(clients.clientNetwork("10.0.0.5", List.of("198.51.100.23", padded)))
                .isEqualTo(literal("10.1.1.0"));
    }

    /** "198.51.100.23, ... 10.1.1.1" padded with spaces to {@code length} characters. */
    private static String forwardedForOfLength(int length) {
        String left = "198.51.100.23,";
        String right = "10.1.1.1";
        return left + " ".repeat(length - left.length() - right.length()) + right;
    }

    @Test
    void aHugeHostileHeaderEndsTheWalkAtTheCap() {
        String hostile = "198.51.100.23," + "x".repeat(10_000_000);

        assertThat(clients.clientNetwork("10.0.0.5", List.of(hostile))).isEqualTo(literal("10.0.0.0"));
        assertThat(clients.clientNetwork("10.0.0.5", List.of(hostile + ",10.1.1.1")))
                .isEqualTo(literal("10.1.1.0"));
        assertThat(clients.clientNetwork("10.0.0.5", Collections.nCopies(1_000_000, "10.1.1.1")))
                .isEqualTo(literal("10.1.1.0"));
        assertThat(clients.clientNetwork("10.0.0.5", Collections.nCopies(1_000_000, (String) null)))
                .isEqualTo(literal("10.0.0.0"));
    }
}
