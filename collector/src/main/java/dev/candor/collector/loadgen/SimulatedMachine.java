package dev.candor.collector.loadgen;

import java.util.SplittableRandom;

/**
 * One installation of the tool, as its SDK describes it in the resource of every run. Everything is
 * drawn from the seed and the machine's number, so the same machine looks the same on every request
 * and in every run of the generator with the same seed, without keeping a million machines in memory.
 *
 * @param osType {@code linux}, {@code darwin} or {@code windows}
 * @param clientAddress the public address the machine's requests come from, for {@code X-Forwarded-For}
 */
record SimulatedMachine(
        String machineId,
        String cwdHash,
        String toolVersion,
        String osType,
        String osVersion,
        String hostArch,
        String runtimeId,
        String javaVersion,
        String container,
        boolean ci,
        String ciProvider,
        String clientAddress) {

    private static final Weighted<String> TOOL_VERSIONS =
            Weighted.of("1.3.0", 30, "1.2.2", 33, "1.2.1", 15, "1.1.0", 12, "1.0.0", 8, "0.9.4", 2);
    private static final Weighted<String> JAVA_VERSIONS =
            Weighted.of("21.0.7", 34, "17.0.15", 28, "21.0.6", 11, "17.0.14", 10, "24.0.1", 9, "17.0.12", 8);
    private static final Weighted<String> LINUX_VERSIONS = Weighted.of(
            "6.8.0-60-generic",
            24,
            "5.15.0-141-generic",
            16,
            "6.11.0-1015-azure",
            14,
            "6.1.0-37-amd64",
            10,
            "6.6.87.2-microsoft-standard-WSL2",
            12,
            "6.14.9-300.fc42.x86_64",
            7,
            "5.14.0-570.17.1.el9_6.x86_64",
            7,
            "6.10.14-linuxkit",
            6,
            "4.18.0-553.el8_10.x86_64",
            4);
    private static final Weighted<String> DARWIN_VERSIONS =
            Weighted.of("15.5", 34, "15.4.1", 14, "14.7.6", 18, "15.6", 10, "14.6.1", 8, "13.7.6", 10, "12.7.6", 6);
    private static final Weighted<String> WINDOWS_VERSIONS = Weighted.of("10.0", 97, "6.3", 3);
    private static final Weighted<String> CI_PROVIDERS = Weighted.of(
            "github-actions", 58, "gitlab", 18, "jenkins", 10, "azure-pipelines", 7, "circleci", 4, "generic", 3);

    static SimulatedMachine of(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        // A developer tool's users: Windows first, then Linux (much of it CI), then macOS.
        int os = r.nextInt(100);
        String osType = os < 44 ? "windows" : os < 73 ? "linux" : "darwin";
        boolean arm = r.nextInt(100)
                < switch (osType) {
                    case "darwin" -> 78;
                    case "linux" -> 9;
                    default -> 4;
                };
        boolean ci = r.nextInt(100)
                < switch (osType) {
                    case "linux" -> 42;
                    case "windows" -> 9;
                    default -> 7;
                };
        String osVersion = switch (osType) {
            case "linux" -> LINUX_VERSIONS.pick(r);
            case "darwin" -> DARWIN_VERSIONS.pick(r);
            default -> WINDOWS_VERSIONS.pick(r);
        };
        String container = "none";
        if (osType.equals("linux")) {
            int c = r.nextInt(100);
            container = c < (ci ? 45 : 10)
                    ? "docker"
                    : c < (ci ? 55 : 11) ? "kubernetes" : c < (ci ? 57 : 12) ? "podman" : "none";
        }
        boolean musl = !container.equals("none") && r.nextInt(100) < 20;
        String rid = switch (osType) {
            case "linux" -> musl ? "linux-musl" : "linux";
            case "darwin" -> "osx";
            default -> "win";
        };
        // About one machine in ten has no usable network adapter, and the SDK sends a random UUID instead.
        String machineId = r.nextInt(10) == 0 ? Ids.uuid(r) : Ids.hex64(r);
        return new SimulatedMachine(
                machineId,
                Ids.hex64(r),
                TOOL_VERSIONS.pick(r),
                osType,
                osVersion,
                arm ? "arm64" : "amd64",
                rid + (arm ? "-arm64" : "-x64"),
                JAVA_VERSIONS.pick(r),
                container,
                ci,
                ci ? CI_PROVIDERS.pick(r) : "none",
                ClientNetworks.pick(r));
    }
}
