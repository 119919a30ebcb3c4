package dev.candor.collector.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The one place where client addresses are cut down to a network before anything else sees them.
 *
 * <p>An IPv4 address keeps its /24 (the last octet becomes zero); an IPv6 address keeps its /48 (every
 * bit after the first 48 becomes zero). An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}) is an
 * IPv4 address and is cut as one. A 6to4 address ({@code 2002:c000:0207::/48}) carries a whole IPv4
 * address in its /48, so it is cut as that IPv4 address would be ({@code 2002:c000:0200::}).
 *
 * <pre>{@code
 * IpTruncator.truncate(InetAddress.getByName("192.0.2.77"));          // 192.0.2.0
 * IpTruncator.truncate(InetAddress.getByName("2001:db8:1234:5678::1")); // 2001:db8:1234::
 * }</pre>
 *
 * <p>The result never carries a host name or an IPv6 scope, and building it never touches DNS.
 */
public final class IpTruncator {
    private static final int IPV4_KEPT_BYTES = 3;
    private static final int IPV6_KEPT_BYTES = 6;

    private IpTruncator() {}

    /**
     * The network of {@code address}: its /24 for IPv4 (and IPv4-mapped IPv6), its /48 for IPv6.
     *
     * @throws NullPointerException if {@code address} is null
     */
    public static InetAddress truncate(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        byte[] network;
        if (bytes.length == 4) {
            network = keep(bytes, 0, IPV4_KEPT_BYTES, 4);
        } else if (isIpv4Mapped(bytes)) {
            network = keep(bytes, 12, IPV4_KEPT_BYTES, 4);
        } else if (is6to4(bytes)) {
            // Bytes 2..5 are the site's public IPv4 address: keep its /24, like any other IPv4 client.
            network = keep(bytes, 0, 2 + IPV4_KEPT_BYTES, 16);
        } else {
            network = keep(bytes, 0, IPV6_KEPT_BYTES, 16);
        }
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }

    private static byte[] keep(byte[] bytes, int from, int kept, int length) {
        byte[] network = new byte[length];
        System.arraycopy(bytes, from, network, 0, kept);
        return network;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static boolean is6to4(byte[] bytes) {
        return bytes[0] == 0x20 && bytes[1] == 0x02;
    }
}
