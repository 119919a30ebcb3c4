package dev.candor.collector.publish;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How each published column gives up detail, one level at a time, until it is {@code Other}. A
 * generalized value stays in its own column, in a form no exact value takes:
 *
 * <ul>
 *   <li>Command, OSFamily: the value, then {@code Other}.
 *   <li>Geography: the country, then its continent ({@code Europe}, {@code North America}, ...,
 *       {@code Antarctica}: the values the .NET CLI's files use), then {@code Other}.
 *   <li>RuntimeID: the runtime id, then its portable form without the C library ({@code linux-musl-x64}
 *       becomes {@code linux-x64}), then the operating system alone ({@code linux}), as the .NET runtime
 *       id graph walks them, then {@code Other}.
 *   <li>OSVersion, SDKVersion: the version, then {@code major.minor.*} ({@code 1.2.*}), then
 *       {@code major.*} ({@code 1.*}), then {@code Other}. A value that does not start with a number
 *       keeps itself until {@code Other}.
 * </ul>
 *
 * <p>{@link Generalizer} refines a row's columns down these levels as far as its machines allow.
 */
final class Hierarchy {
    static final String OTHER = Generalizer.OTHER;
    static final String[] COLUMNS = {"Command", "Geography", "OSFamily", "RuntimeID", "OSVersion", "SDKVersion"};

    /** Levels of each column, the exact value (0) and Other (last) included. */
    static final int[] LEVELS = {2, 3, 2, 4, 4, 4};

    /** What each level is called in the data dictionary. */
    static final String[][] LEVEL_NAMES = {
        {"command", "Other"},
        {"country", "continent", "Other"},
        {"OS family", "Other"},
        {"runtime id", "portable runtime id (linux-musl-x64 -> linux-x64)", "operating system (linux)", "Other"},
        {"version", "major.minor.*", "major.*", "Other"},
        {"version", "major.minor.*", "major.*", "Other"},
    };

    private Hierarchy() {}

    /** The value of {@code column} at {@code level}: {@code value} itself at 0, Other at the last level. */
    static String at(int column, String value, int level) {
        if (level == 0) {
            return value;
        }
        if (level >= LEVELS[column] - 1) {
            return OTHER;
        }
        return switch (column) {
            case 1 -> continentOf(value);
            case 3 -> level == 1 ? portableRuntime(value) : runtimeOs(value);
            case 4, 5 -> versionPrefix(value, level == 1 ? 2 : 1);
            default -> OTHER;
        };
    }

    /** {@code linux-musl-x64} → {@code linux-x64}; ids with nothing to drop stay as they are. */
    static String portableRuntime(String rid) {
        int dash = rid.indexOf('-');
        int last = rid.lastIndexOf('-');
        if (dash < 0 || dash == last) {
            return rid;
        }
        return rid.substring(0, dash) + rid.substring(last);
    }

    /** {@code linux-musl-x64} → {@code linux}; {@code win-arm64} → {@code win}. */
    static String runtimeOs(String rid) {
        int dash = rid.indexOf('-');
        return dash <= 0 ? rid : rid.substring(0, dash);
    }

    /**
     * The first {@code parts} numeric parts and {@code .*}: {@code 6.8.0-60-generic} → {@code 6.8.*} or
     * {@code 6.*}; {@code 10.0} → {@code 10.0.*}. A value that does not start with a digit is kept.
     */
    static String versionPrefix(String version, int parts) {
        int i = 0;
        int seen = 0;
        int n = version.length();
        while (seen < parts) {
            int start = i;
            while (i < n && Character.isDigit(version.charAt(i))) {
                i++;
            }
            if (i == start) {
                break;
            }
            seen++;
            if (seen < parts && i < n && version.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        if (seen == 0) {
            return version;
        }
        String prefix = version.substring(0, i);
        if (prefix.endsWith(".")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + ".*";
    }

    /** The continent of an English country name (as {@code CountryLookup} writes them); Other when unknown. */
    static String continentOf(String country) {
        String c = CONTINENT_BY_NAME.get(country);
        return c == null ? OTHER : c;
    }

    static final String[] CONTINENTS = {
        "Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania", "South America"
    };

    /** ISO 3166-1 alpha-2 codes by continent, as in the common country-and-continent lists. */
    private static final String[] CODES = {
        // Africa
        "DZ AO BJ BW BF BI CM CV CF TD KM CD CG CI DJ EG GQ ER ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA"
                + " MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD SZ TZ TG TN UG EH ZM ZW",
        // Antarctica
        "AQ BV GS HM TF",
        // Asia
        "AF AM AZ BH BD BT BN KH CN CX CC CY GE HK IN ID IR IQ IL JP JO KZ KP KR KW KG LA LB MO MY MV MN MM NP OM"
                + " PK PS PH QA SA SG LK SY TW TJ TH TL TR TM AE UZ VN YE IO",
        // Europe
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MK MT MD MC"
                + " ME NL NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB",
        // North America
        "AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC MF PM"
                + " VC SX TT TC US VI UM",
        // Oceania
        "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF",
        // South America
        "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    };

    private static final Map<String, String> CONTINENT_BY_NAME = continentsByName();

    private static Map<String, String> continentsByName() {
        Map<String, String> out = new HashMap<>();
        for (int c = 0; c < CODES.length; c++) {
            for (String code : CODES[c].split(" ")) {
                out.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH), CONTINENTS[c]);
            }
        }
        return Map.copyOf(out);
    }
}
