package dev.candor.collector.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP address literals, parsed by hand so that no string from a request ever reaches
 * {@code InetAddress.getByName}, which would send anything that is not a literal to DNS.
 *
 * <p>IPv4 is the dotted quad only: four decimal parts of 0-255 without leading zeros (so {@code 010}
 * cannot mean octal 8 to one parser and ten to another), no shortened forms like {@code 127.1}. IPv6 is
 * the RFC 4291 text form: up to eight groups of one to four hex digits, at most one {@code ::}, an
 * optional dotted quad in the last 32 bits and an optional zone ({@code %eth0}), which is dropped.
 */
final class IpLiteral {
    /** "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is the longest form without a zone. */
    private static final int MAX_IPV6_LENGTH = 45;

    private static final int MAX_ZONE_LENGTH = 32;

    private IpLiteral() {}

    /** The address {@code text} spells, or null if it is not exactly an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        return text == null ? null : parse(text, 0, text.length());
    }

    /** The address spelled by {@code text[from, to)}, or null if that range is not exactly a literal. */
    static InetAddress parse(String text, int from, int to) {
        byte[] bytes = indexOf(text, ':', from, to) >= 0 ? ipv6(text, from, to) : ipv4(text, from, to);
        return bytes == null ? null : address(bytes);
    }

    /** The address spelled by {@code text[from, to)} if it is an IPv4 dotted quad, else null. */
    static InetAddress parseIpv4(String text, int from, int to) {
        byte[] bytes = ipv4(text, from, to);
        return bytes == null ? null : address(bytes);
    }

    /** The address spelled by {@code text[from, to)} if it is an IPv6 literal, else null. */
    static InetAddress parseIpv6(String text, int from, int to) {
        byte[] bytes = ipv6(text, from, to);
        return bytes == null ? null : address(bytes);
    }

    private static byte[] ipv4(String text, int from, int to) {
        byte[] bytes = new byte[4];
        return ipv4Into(text, from, to, bytes, 0) ? bytes : null;
    }

    private static boolean ipv4Into(String text, int from, int to, byte[] out, int offset) {
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= to || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && isDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            out[offset + part] = (byte) value;
        }
        return i == to;
    }

    private static byte[] ipv6(String text, int from, int to) {
        int zone = indexOf(text, '%', from, to);
        if (zone >= 0) {
            if (!isZone(text, zone + 1, to)) {
                return null;
            }
            to = zone;
        }
        if (to - from < 2 || to - from > MAX_IPV6_LENGTH) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // the group index where "::" stands, -1 if it does not appear
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return null;
            }
            gap = 0;
            i += 2;
            if (i == to) {
                return new byte[16];
            }
        }
        while (true) {
            if (count == 8) {
                return null;
            }
            int end = indexOf(text, ':', i, to);
            int groupEnd = end < 0 ? to : end;
            if (end < 0 && indexOf(text, '.', i, to) >= 0) {
                // The last 32 bits as a dotted quad: ::ffff:192.0.2.1
                if (count > 6) {
                    return null;
                }
                byte[] quad = new byte[4];
                if (!ipv4Into(text, i, to, quad, 0)) {
                    return null;
                }
                groups[count++] = (quad[0] & 0xff) << 8 | quad[1] & 0xff;
                groups[count++] = (quad[2] & 0xff) << 8 | quad[3] & 0xff;
                break;
            }
            if (groupEnd - i < 1 || groupEnd - i > 4) {
                return null;
            }
            int value = 0;
            for (int j = i; j < groupEnd; j++) {
                int digit = Character.digit(text.charAt(j), 16);
                if (digit < 0 || text.charAt(j) > 'f') {
                    return null; // Character.digit also accepts non-ASCII digits
                }
                value = value << 4 | digit;
            }
            groups[count++] = value;
            if (end < 0) {
                break;
            }
            i = end + 1;
            if (i < to && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == to) {
                    break;
                }
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        int tail = gap < 0 ? 0 : count - gap;
        for (int g = 0; g < count; g++) {
            int slot = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
            bytes[2 * slot] = (byte) (groups[g] >>> 8);
            bytes[2 * slot + 1] = (byte) groups[g];
        }
        return bytes;
    }

    private static boolean isZone(String text, int from, int to) {
        if (to - from < 1 || to - from > MAX_ZONE_LENGTH) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The first index of {@code c} in {@code text[from, to)}, or -1. */
    static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            // Raw bytes: no name, no lookup. A mapped ::ffff:a.b.c.d comes back as the IPv4 address.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
