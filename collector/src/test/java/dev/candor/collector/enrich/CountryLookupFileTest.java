package dev.candor.collector.enrich;

import static dev.candor.collector.enrich.IpTruncatorTest.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An operator-supplied database file: accepted, refused with a clear message, and records the real one lacks. */
class CountryLookupFileTest {
    @TempDir
    Path dir;

    @Test
    void anOperatorCopyOfTheDatabaseIsUsed() throws Exception {
        Path file = dir.resolve("dbip-country.mmdb");
        try (InputStream in = CountryLookup.class.getResourceAsStream(CountryLookup.BUNDLED_RESOURCE)) {
            Files.copy(in, file);
        }

        try (CountryLookup countries = CountryLookup.open(file)) {
            assertThat(countries.countryName(literal("8.8.8.0"))).isEqualTo("United States");
            assertThat(countries.toString()).startsWith("CountryLookup[" + file + ", built 20");
        }
    }

    @Test
    void aMissingFileIsAConfigurationErrorNamingIt() {
        Path missing = dir.resolve("nowhere.mmdb");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CountryLookup.open(missing))
                .withMessageContaining(missing.toString())
                .withMessageContaining("does not exist");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CountryLookup.open(dir))
                .withMessageContaining(dir.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "geo-database = /var/lib/candor/geo.mmdb\n", "\u00ab\u00cd\u00efMaxMind.com"})
    void aFileThatIsNotAMaxMindDbIsRefused(String content) throws Exception {
        // ISO-8859-1 so that the last one is the bare metadata marker, with no metadata after it.
        Path file = Files.write(dir.resolve("geo.mmdb"), content.getBytes(StandardCharsets.ISO_8859_1));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CountryLookup.open(file))
                .withMessageContaining(file.toString())
                .withMessageContaining("not a MaxMind DB");
    }

    @Test
    void aMaxMindDbOfAnotherKindIsRefused() throws Exception {
        Map<String, Object> geoIp2Record = Map.of("country", Map.of("iso_code", "DE"));
        Path file = TinyMaxMindDb.write(dir.resolve("geolite2.mmdb"), geoIp2Record, geoIp2Record);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CountryLookup.open(file))
                .withMessageContaining(file.toString())
                .withMessageContaining("country_code");
    }

    @Test
    void privateRangesAreUnknownEvenWhenTheDatabaseListsThem() throws Exception {
        Path file = TinyMaxMindDb.write(
                dir.resolve("geo.mmdb"), Map.of("country_code", "DE"), Map.of("country_code", "DE"));

        try (CountryLookup countries = CountryLookup.open(file)) {
            assertThat(countries.countryName(literal("11.0.0.0"))).isEqualTo("Germany");
            assertThat(countries.countryName(literal("10.0.0.0"))).isEqualTo("Unknown");
            assertThat(countries.countryName(literal("127.0.0.0"))).isEqualTo("Unknown");
            assertThat(countries.countryName(literal("192.168.7.0"))).isEqualTo("Unknown");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZ", "XX", "AA", "de", "DEU", "D", "", "1A"})
    void aCodeThatNamesNoCountryIsUnknown(String code) throws Exception {
        Path file = TinyMaxMindDb.write(
                dir.resolve("geo.mmdb"), Map.of("country_code", "DE"), Map.of("country_code", code));

        try (CountryLookup countries = CountryLookup.open(file)) {
            assertThat(countries.countryName(literal("200.0.0.0"))).isEqualTo("Unknown");
            assertThat(countries.countryCode(literal("200.0.0.0"))).isNull();
        }
    }

    @Test
    void aRecordWithoutACodeIsUnknown() throws Exception {
        Path file = TinyMaxMindDb.write(dir.resolve("geo.mmdb"), Map.of("country_code", "DE"), Map.of());

        try (CountryLookup countries = CountryLookup.open(file)) {
            assertThat(countries.countryName(literal("200.0.0.0"))).isEqualTo("Unknown");
        }
    }

    @Test
    void aLookupAfterCloseIsAProgrammingError() throws Exception {
        Path file = TinyMaxMindDb.write(
                dir.resolve("geo.mmdb"), Map.of("country_code", "DE"), Map.of("country_code", "FR"));
        CountryLookup countries = CountryLookup.open(file);
        assertThat(countries.countryName(literal("200.0.0.0"))).isEqualTo("France");

        countries.close();

        assertThatIllegalStateException()
                .isThrownBy(() -> countries.countryName(literal("200.0.0.0")))
                .withMessageContaining("closed");
    }
}
