package dev.candor.collector.loadgen;

import java.util.SplittableRandom;

/**
 * Public IPv4 networks of the countries developers work from, weighted by a rough share of a
 * developer tool's users, for {@code X-Forwarded-For}. Each network is one that the bundled DB-IP
 * database places in the country named beside it (checked by {@code ClientNetworksTest}).
 */
final class ClientNetworks {
    private record Network(String country, int base, int prefixLength, int weight) {}

    private static final Network[] NETWORKS = {
        net("US", "2.0.0.0", 15, 22), net("IN", "1.38.0.0", 15, 10), net("CN", "1.24.0.0", 13, 7),
        net("DE", "2.160.0.0", 12, 6), net("GB", "2.96.0.0", 13, 5), net("BR", "15.228.0.0", 15, 4),
        net("FR", "2.4.0.0", 14, 4), net("JP", "1.72.0.0", 13, 3), net("CA", "4.128.0.0", 13, 3),
        net("RU", "2.60.0.0", 14, 3), net("PL", "31.60.0.0", 14, 2), net("NL", "31.136.0.0", 14, 2),
        net("ES", "2.136.0.0", 13, 2), net("IT", "2.32.0.0", 12, 2), net("KR", "1.96.0.0", 12, 2),
        net("AU", "1.128.0.0", 11, 2), net("ID", "36.68.0.0", 14, 2), net("SE", "2.64.0.0", 13, 1),
        net("UA", "37.52.0.0", 14, 1), net("TR", "5.24.0.0", 14, 1), net("VN", "14.160.0.0", 11, 1),
        net("MX", "78.12.0.0", 14, 1), net("NG", "105.112.0.0", 12, 1), net("ZA", "13.244.0.0", 14, 1),
        net("AR", "152.168.0.0", 14, 1), net("CH", "31.164.0.0", 15, 1), net("IL", "2.52.0.0", 14, 1),
        net("SG", "13.212.0.0", 14, 1), net("EG", "41.32.0.0", 12, 1), net("PK", "39.32.0.0", 11, 1),
    };
    private static final int TOTAL_WEIGHT = totalWeight();

    private ClientNetworks() {}

    /** A random host address in a network drawn by weight: {@code 2.161.40.7}. */
    static String pick(SplittableRandom random) {
        int r = random.nextInt(TOTAL_WEIGHT);
        for (Network n : NETWORKS) {
            r -= n.weight;
            if (r < 0) {
                int hostBits = 32 - n.prefixLength;
                // Host parts .0 and .255 are avoided so that no address looks like a network or broadcast one.
                int host = random.nextInt(1 << hostBits) & ~0xff | (1 + random.nextInt(254));
                return dotted(n.base | host);
            }
        }
        throw new AssertionError("weights add up to TOTAL_WEIGHT");
    }

    /** Every network as {@code country network/prefix}, for the test that checks them against the database. */
    static String[][] all() {
        String[][] out = new String[NETWORKS.length][];
        for (int i = 0; i < NETWORKS.length; i++) {
            out[i] = new String[] {
                NETWORKS[i].country, dotted(NETWORKS[i].base), Integer.toString(NETWORKS[i].prefixLength)
            };
        }
        return out;
    }

    private static Network net(String country, String base, int prefixLength, int weight) {
        String[] parts = base.split("\\.");
        int address = 0;
        for (String p : parts) {
            address = address << 8 | Integer.parseInt(p);
        }
        return new Network(country, address, prefixLength, weight);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    private static int totalWeight() {
        int sum = 0;
        for (Network n : NETWORKS) {
            sum += n.weight;
        }
        return sum;
    }
}
