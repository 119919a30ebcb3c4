package dev.candor.collector.enrich;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** One trusted-proxy entry of the configuration: an address ({@code 127.0.0.1}) or a network ({@code 10.0.0.0/8}). */
final class TrustedNetwork {
    private final byte[] network;
    private final int prefixLength;

    private TrustedNetwork(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses a configuration entry.
     *
     * @throws IllegalArgumentException naming the entry if it is not an IP literal or a CIDR network, or
     *     if the network has bits set after its prefix ({@code 10.1.2.3/8} is usually a mistyped prefix,
     *     and trusting too much here lets clients choose their own address)
     */
    static TrustedNetwork parse(String entry) {
        if (entry == null) {
            throw new IllegalArgumentException("trusted proxy entry is null");
        }
        String text = entry.strip();
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = IpLiteral.parse(literal);
        if (address == null) {
            throw new IllegalArgumentException("trusted proxy '" + entry
                    + "' is not an IP address or a CIDR network (like 10.0.0.0/8, 127.0.0.1, ::1 or fd00::/8);"
                    + " host names are not accepted");
        }
        boolean writtenAsIpv6 = literal.indexOf(':') >= 0;
        int maxPrefix = writtenAsIpv6 ? 128 : 32;
        int prefix = slash < 0 ? maxPrefix : prefixLength(entry, text.substring(slash + 1), maxPrefix);
        if (writtenAsIpv6 && address instanceof Inet4Address) {
            // ::ffff:10.0.0.0/104 is parsed into the IPv4 address, so it is matched as 10.0.0.0/8.
            if (prefix < 96) {
                throw new IllegalArgumentException(
                        "trusted proxy '" + entry + "' is an IPv4-mapped network and needs a prefix of at least /96");
            }
            prefix -= 96;
        }
        byte[] bytes = address.getAddress();
        byte[] network = masked(bytes, prefix);
        if (!Arrays.equals(bytes, network)) {
            throw new IllegalArgumentException("trusted proxy '" + entry + "' has bits set after its /" + prefix
                    + " prefix; did you mean " + hostAddress(network) + "/" + prefix + "?");
        }
        return new TrustedNetwork(network, prefix);
    }

    /** Whether {@code address} is inside this network (an IPv4 network never contains an IPv6 address). */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }

    private static int prefixLength(String entry, String digits, int maxPrefix) {
        boolean wellFormed = !digits.isEmpty()
                && digits.length() <= 3
                && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && (digits.length() == 1 || digits.charAt(0) != '0');
        int prefix = wellFormed ? Integer.parseInt(digits) : -1;
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("trusted proxy '" + entry + "' has an invalid prefix length '/" + digits
                    + "' (expected 0 to " + maxPrefix + ")");
        }
        return prefix;
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] network = bytes.clone();
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return network;
    }

    private static String hostAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
