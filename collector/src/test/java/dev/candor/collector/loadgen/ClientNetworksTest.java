package dev.candor.collector.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.collector.enrich.CountryLookup;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClientNetworksTest {
    @Test
    void everyNetworkIsInItsCountryInTheBundledDatabase() throws Exception {
        try (CountryLookup countries = CountryLookup.bundled()) {
            for (String[] n : ClientNetworks.all()) {
                assertThat(countries.countryCode(InetAddress.getByName(n[1])))
                        .as(n[1] + "/" + n[2])
                        .isEqualTo(n[0]);
            }
        }
    }

    @Test
    void pickedAddressesArePublicHostAddresses() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 1_000; i++) {
            InetAddress a = InetAddress.getByName(ClientNetworks.pick(r));
            int last = a.getAddress()[3] & 0xff;
            assertThat(last).isBetween(1, 254);
            assertThat(a.isSiteLocalAddress() || a.isLoopbackAddress() || a.isAnyLocalAddress())
                    .isFalse();
        }
    }
}
