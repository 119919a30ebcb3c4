package dev.candor.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each column's hierarchy, level by level, ends in Other. */
class HierarchyTest {
    private static String[] levels(int column, String value) {
        String[] out = new String[Hierarchy.LEVELS[column]];
        for (int l = 0; l < out.length; l++) {
            out[l] = Hierarchy.at(column, value, l);
        }
        return out;
    }

    @Test
    void aVersionGivesUpItsPatchThenItsMinor() {
        assertThat(levels(5, "1.2.2")).containsExactly("1.2.2", "1.2.*", "1.*", "Other");
        assertThat(levels(5, "1.3.0-rc.1")).containsExactly("1.3.0-rc.1", "1.3.*", "1.*", "Other");
        assertThat(levels(5, "10.0")).containsExactly("10.0", "10.0.*", "10.*", "Other");
        assertThat(levels(5, "7")).containsExactly("7", "7.*", "7.*", "Other");
        assertThat(levels(4, "6.8.0-60-generic")).containsExactly("6.8.0-60-generic", "6.8.*", "6.*", "Other");
        assertThat(levels(5, "Unknown"))
                .as("not a number: kept until Other")
                .containsExactly("Unknown", "Unknown", "Unknown", "Other");
        assertThat(levels(5, "dev-build")).containsExactly("dev-build", "dev-build", "dev-build", "Other");
    }

    @Test
    void aCountryBecomesItsContinent() {
        assertThat(levels(1, "Germany")).containsExactly("Germany", "Europe", "Other");
        assertThat(levels(1, "United States")).containsExactly("United States", "North America", "Other");
        assertThat(levels(1, "Brazil")).containsExactly("Brazil", "South America", "Other");
        assertThat(levels(1, "Kenya")).containsExactly("Kenya", "Africa", "Other");
        assertThat(levels(1, "India")).containsExactly("India", "Asia", "Other");
        assertThat(levels(1, "New Zealand")).containsExactly("New Zealand", "Oceania", "Other");
        assertThat(levels(1, "Antarctica")).containsExactly("Antarctica", "Antarctica", "Other");
        assertThat(levels(1, "Unknown")).containsExactly("Unknown", "Other", "Other");
    }

    @Test
    void everyCountryTheLookupCanNameHasAContinent() {
        int named = 0;
        for (String code : java.util.Locale.getISOCountries()) {
            String name = new java.util.Locale("", code).getDisplayCountry(java.util.Locale.ENGLISH);
            named++;
            assertThat(Hierarchy.continentOf(name)).as("%s (%s)", name, code).isIn((Object[]) Hierarchy.CONTINENTS);
        }
        assertThat(named).isGreaterThan(240);
    }

    @Test
    void aRuntimeIdWalksTheDotnetGraph() {
        assertThat(levels(3, "linux-musl-arm64")).containsExactly("linux-musl-arm64", "linux-arm64", "linux", "Other");
        assertThat(levels(3, "win-x64")).containsExactly("win-x64", "win-x64", "win", "Other");
        assertThat(levels(3, "osx-arm64")).containsExactly("osx-arm64", "osx-arm64", "osx", "Other");
        assertThat(levels(3, "Unknown")).containsExactly("Unknown", "Unknown", "Unknown", "Other");
    }

    @Test
    void commandAndOsFamilyAreKeptOrOther() {
        assertThat(levels(0, "new console")).containsExactly("new console", "Other");
        assertThat(levels(2, "Linux")).containsExactly("Linux", "Other");
    }
}
