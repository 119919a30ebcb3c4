package dev.candor.collector.enrich;

import java.net.InetAddress;

/**
 * One element of an X-Forwarded-For list (or a socket's peer address) in the forms proxies write:
 * {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code 2001:db8::1}, {@code [2001:db8::1]} and
 * {@code [2001:db8::1]:8080}, with surrounding spaces or tabs. Anything else (a host name,
 * {@code unknown}, an obfuscated {@code _node} identifier) is not an address.
 */
final class ForwardedHop {
    private ForwardedHop() {}

    /** The address of the hop, or null if {@code text} is null or not one of the accepted forms. */
    static InetAddress parse(String text) {
        return text == null ? null : parse(text, 0, text.length());
    }

    /** The address of the hop spelled by {@code text[from, to)}, or null. */
    static InetAddress parse(String text, int from, int to) {
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return null;
        }
        if (text.charAt(from) == '[') {
            int close = IpLiteral.indexOf(text, ']', from, to);
            if (close < 0 || close + 1 < to && !isPort(text, close + 1, to)) {
                return null;
            }
            return IpLiteral.parseIpv6(text, from + 1, close);
        }
        int colon = IpLiteral.indexOf(text, ':', from, to);
        if (colon >= 0 && IpLiteral.indexOf(text, ':', colon + 1, to) < 0) {
            // A single colon: an IPv4 address and a port (an IPv6 literal has at least two colons).
            return isPort(text, colon, to) ? IpLiteral.parseIpv4(text, from, colon) : null;
        }
        return IpLiteral.parse(text, from, to);
    }

    /** Whether {@code text[from, to)} is ":" followed by a port number. */
    private static boolean isPort(String text, int from, int to) {
        int digits = to - from - 1;
        if (text.charAt(from) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = from + 1; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
