package dev.candor.telemetry.internal;

import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Derives a stable, pseudonymous machine id from the first real network adapter's MAC address.
 *
 * <p><b>Hash input.</b> The id is the lower-case hex SHA-256 of the MAC formatted as lower-case,
 * colon-separated text ({@code aa:bb:cc:dd:ee:ff}, UTF-8/ASCII bytes), not of the 6 raw bytes.
 * The text form was chosen so anyone can reproduce an id with
 * {@code printf 'aa:bb:cc:dd:ee:ff' | sha256sum} from what {@code ip link} or {@code ifconfig}
 * shows, which makes support and audits easy. Note that an unsalted hash of a MAC is pseudonymous,
 * not anonymous: the MAC space is small enough to brute-force, so callers should treat the id as
 * personal data.
 *
 * <p><b>Which adapter.</b> Candidates must not be loopback or virtual, must have a 6-byte MAC that
 * is neither all-zero nor all-FF, and must not be named like a tunnel, bridge, VPN or container
 * interface. Locally administered (random-looking) MACs are kept because inside a container the
 * runtime-assigned one is the only adapter there is. The winner is the lowest interface index,
 * then the name; unknown indexes (negative) sort last.
 *
 * <p><b>Up or down does not matter.</b> Preferring adapters that are up would make the id flip when
 * Wi-Fi is switched off or a dock adds an Ethernet adapter; keying on the set of present adapters
 * only keeps the id stable. (The JDK may omit adapters without addresses on some platforms; that
 * is outside our control.)
 */
public final class MachineIdSource {

    /** Interface names of loopback, bridges, tunnels, VPNs, hypervisor and container networking. */
    private static final Pattern NOT_REAL =
            Pattern.compile("lo\\d*|(docker|veth|br-|virbr|tun|tap|utun|vmnet|vboxnet|zt|wg|tailscale|awdl|llw|ham|cni"
                    + "|flannel|cali|kube).*");

    private static final Comparator<Adapter> FIRST = Comparator.comparingLong(
                    (Adapter a) -> a.index() < 0 ? Long.MAX_VALUE : a.index())
            .thenComparing(a -> a.name() == null ? "" : a.name());

    private MachineIdSource() {}

    /**
     * A snapshot of one network interface, decoupled from {@link NetworkInterface} for testing.
     *
     * @param up kept for diagnostics; deliberately not used in selection (see class doc)
     */
    record Adapter(String name, int index, byte[] mac, boolean loopback, boolean virtual, boolean up) {}

    /** Pure selection + hashing: empty when no adapter qualifies. */
    static Optional<String> macHash(List<Adapter> adapters) {
        return adapters.stream()
                .filter(MachineIdSource::isReal)
                .min(FIRST)
                .map(a -> sha256Hex(HexFormat.ofDelimiter(":").formatHex(a.mac())));
    }

    static boolean isReal(Adapter a) {
        if (a == null || a.loopback() || a.virtual()) return false;
        byte[] mac = a.mac();
        if (mac == null || mac.length != 6) return false;
        boolean allZero = true;
        boolean allFf = true;
        for (byte b : mac) {
            allZero &= b == 0;
            allFf &= b == (byte) 0xFF;
        }
        if (allZero || allFf) return false;
        String name = a.name() == null ? "" : a.name().toLowerCase(Locale.ROOT);
        return !NOT_REAL.matcher(name).matches();
    }

    /**
     * Enumerates the JDK's network interfaces. A failing interface is skipped so one odd driver
     * does not cost the whole id; a failing enumeration yields an empty list.
     */
    static List<Adapter> systemAdapters() {
        List<Adapter> out = new ArrayList<>();
        try {
            var it = NetworkInterface.getNetworkInterfaces();
            while (it != null && it.hasMoreElements()) {
                NetworkInterface ni = it.nextElement();
                try {
                    out.add(new Adapter(
                            ni.getName(),
                            ni.getIndex(),
                            ni.getHardwareAddress(),
                            ni.isLoopback(),
                            ni.isVirtual(),
                            ni.isUp()));
                } catch (Exception e) {
                    // skip this interface only
                }
            }
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    /**
     * Returns the SHA-256 hex id of this machine's first real adapter MAC, or empty if none.
     *
     * @return a 64-char lower-case hex string, or empty
     */
    public static Optional<String> fromMacAddress() {
        return macHash(systemAdapters());
    }

    /**
     * Returns a fresh random UUID string, the fallback when no MAC-based id exists.
     *
     * @return a random (version 4) UUID in canonical form
     */
    public static String randomId() {
        return UUID.randomUUID().toString();
    }

    static String sha256Hex(String text) {
        return Hasher.sha256(text);
    }
}
