package dev.candor.collector.enrich;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the network a request came from, behind the operator's own proxies, without keeping the full
 * address: the answer is always cut by {@link IpTruncator}.
 *
 * <p>Rules:
 * <ul>
 *   <li>If the socket's peer is not a trusted proxy, the peer is the client and X-Forwarded-For is
 *       ignored, since anyone can send that header.
 *   <li>If the peer is a trusted proxy, the X-Forwarded-For hops (every header in order, each a
 *       comma-separated list) are walked from right to left; the first hop that is not a trusted proxy
 *       is the client. If every hop is trusted, the left-most one is the client.
 *   <li>A hop that is not an IP literal ({@code 192.0.2.1}, {@code 192.0.2.1:port}, {@code 2001:db8::1},
 *       {@code [2001:db8::1]}, {@code [2001:db8::1]:port}) ends the walk: the last good hop to its right,
 *       or the peer, is the client. Host names are never resolved.
 *   <li>Only the right-most {@value #MAX_HOPS} hops and {@value #MAX_FORWARDED_CHARS} characters are
 *       read, so a hostile header costs little; what lies beyond ends the walk like a bad hop.
 * </ul>
 *
 * <pre>{@code
 * ClientAddress clients = ClientAddress.trusting(List.of("10.0.0.0/8", "::1"));
 * clients.clientNetwork("10.0.0.5", List.of("198.51.100.23, 10.0.0.7")); // 198.51.100.0
 * clients.clientNetwork("203.0.113.9", List.of("198.51.100.23"));         // 203.0.113.0: not our proxy
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ClientAddress {
    /** Hops read from the right of X-Forwarded-For; real proxy chains are a handful long. */
    public static final int MAX_HOPS = 64;
    /** Characters read from the right of X-Forwarded-For, separators included. */
    public static final int MAX_FORWARDED_CHARS = 8 * 1024;

    private final List<TrustedNetwork> trustedProxies;

    private ClientAddress(List<TrustedNetwork> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * A finder that believes X-Forwarded-For only from the given proxies.
     *
     * @param trustedProxies IP literals or CIDR networks, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1},
     *     {@code ::1}, {@code fd00::/8}; empty to trust no one
     * @throws IllegalArgumentException naming the first entry that is not a literal or a network
     */
    public static ClientAddress trusting(List<String> trustedProxies) {
        if (trustedProxies == null) {
            throw new IllegalArgumentException("trusted proxies list is null; pass an empty list to trust no proxy");
        }
        List<TrustedNetwork> networks = new ArrayList<>(trustedProxies.size());
        for (String entry : trustedProxies) {
            networks.add(TrustedNetwork.parse(entry));
        }
        return new ClientAddress(List.copyOf(networks));
    }

    /**
     * The truncated network of the client.
     *
     * @param peerAddress the socket's remote address as text ({@code 10.0.0.5}, {@code ::1} or {@code [::1]})
     * @param forwardedForHeaders every X-Forwarded-For header value of the request, in order; may be empty
     * @return the client's /24 or /48 network, or null if the peer address is not an IP literal
     */
    public InetAddress clientNetwork(String peerAddress, List<String> forwardedForHeaders) {
        InetAddress peer = ForwardedHop.parse(peerAddress);
        if (peer == null) {
            return null;
        }
        InetAddress client = peer;
        if (isTrusted(peer) && forwardedForHeaders != null) {
            client = walkForwardedFor(peer, forwardedForHeaders);
        }
        return IpTruncator.truncate(client);
    }

    /**
     * Whether the request reached the proxy in front over HTTPS: its own connection is, or it comes
     * from a trusted proxy that says so in {@code X-Forwarded-Proto} (its last value, the proxy's own).
     * A TLS-terminating load balancer speaks plain HTTP to the collector, yet the browser's cookie must
     * still be marked {@code Secure}.
     */
    public boolean viaHttps(boolean connectionSecure, String peerAddress, List<String> forwardedProtoHeaders) {
        if (connectionSecure) {
            return true;
        }
        InetAddress peer = ForwardedHop.parse(peerAddress);
        if (peer == null || !isTrusted(peer) || forwardedProtoHeaders == null || forwardedProtoHeaders.isEmpty()) {
            return false;
        }
        String last = forwardedProtoHeaders.get(forwardedProtoHeaders.size() - 1);
        int comma = last == null ? -1 : last.lastIndexOf(',');
        return last != null && last.substring(comma + 1).trim().equalsIgnoreCase("https");
    }

    private InetAddress walkForwardedFor(InetAddress peer, List<String> headers) {
        InetAddress lastGood = peer;
        int hops = 0;
        int budget = MAX_FORWARDED_CHARS;
        for (int h = headers.size() - 1; h >= 0; h--) {
            String header = headers.get(h);
            String value = header == null ? "" : header;
            // Right to left without splitting, never looking further left than the budget allows: the part
            // of a long header beyond the caps is not even scanned.
            int end = value.length();
            while (end >= 0) {
                int lowest = end - budget; // a comma further left would put this element over the budget
                int comma = end - 1;
                while (comma >= 0 && comma >= lowest && value.charAt(comma) != ',') {
                    comma--;
                }
                if (comma < lowest) {
                    return lastGood;
                }
                int start = comma + 1;
                budget -= end - comma;
                // Empty list elements are legal HTTP list syntax (RFC 9110 5.6.1) and are skipped.
                if (!isBlank(value, start, end)) {
                    if (++hops > MAX_HOPS) {
                        return lastGood;
                    }
                    InetAddress hop = ForwardedHop.parse(value, start, end);
                    if (hop == null) {
                        return lastGood;
                    }
                    lastGood = hop;
                    if (!isTrusted(hop)) {
                        return hop;
                    }
                }
                end = comma;
            }
        }
        return lastGood;
    }

    private boolean isTrusted(InetAddress address) {
        for (TrustedNetwork network : trustedProxies) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
