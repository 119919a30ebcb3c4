package dev.candor.telemetry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Coarse, non-identifying facts about the host that every telemetry event carries.
 *
 * <p>Inputs ({@code env}, {@code sysProps}, filesystem {@code root}) are passed in, never read
 * from {@code System}, so detection is testable against a fake {@code /proc}. Every field is a
 * closed-vocabulary value or a sanitised version string, never free text that could hold user data.
 *
 * @param osType OpenTelemetry {@code os.type}: linux, darwin, windows, freebsd, openbsd, netbsd,
 *     solaris, aix, hpux, z_os or unknown
 * @param osVersion {@code os.version}, trimmed, at most 64 chars of {@code [A-Za-z0-9._+-]}
 * @param hostArch OpenTelemetry {@code host.arch}: amd64, arm32, arm64, ia64, ppc32, ppc64, s390x,
 *     x86 or unknown
 * @param runtimeId .NET-style runtime id such as {@code linux-musl-x64} or {@code osx-arm64}
 * @param javaVersion {@code java.version}, sanitised like {@code osVersion}
 * @param container none, docker, podman, kubernetes, containerd or lxc
 * @param ciProvider none, generic or a provider name such as {@code github-actions}
 */
public record HostFacts(
        String osType,
        String osVersion,
        String hostArch,
        String runtimeId,
        String javaVersion,
        String container,
        String ciProvider) {

    /** Upper bound on bytes read from any probed file; /proc files are small, fakes may not be. */
    static final int MAX_READ = 64 * 1024;

    private static final int MAX_VERSION = 64;
    private static final String UNKNOWN = "unknown";

    /**
     * Container kinds in precedence order, first with evidence wins. Kubernetes first: pods also show
     * docker/containerd/podman traces. LXC last: in Docker-in-LXC the CLI runs in the inner one.
     * OCI_GENERIC is systemd's {@code container=oci}, "some OCI runtime": docker, if nothing else.
     */
    private enum Kind {
        KUBERNETES,
        PODMAN,
        DOCKER,
        CONTAINERD,
        LXC,
        OCI_GENERIC
    }

    /**
     * CI rules, first match wins: provider, then env vars that must all be set. Checked before the
     * generic {@code CI} flag, which most providers also set.
     */
    private static final List<String[]> CI_RULES = List.of(
            new String[] {"github-actions", "GITHUB_ACTIONS"},
            new String[] {"gitlab", "GITLAB_CI"},
            new String[] {"azure-pipelines", "TF_BUILD"},
            new String[] {"azure-pipelines", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"},
            new String[] {"azure-pipelines", "BUILD_BUILDID", "AGENT_NAME"},
            new String[] {"jenkins", "JENKINS_URL"},
            new String[] {"jenkins", "BUILD_ID", "JENKINS_HOME"},
            new String[] {"buildkite", "BUILDKITE"},
            new String[] {"circleci", "CIRCLECI"},
            new String[] {"travis", "TRAVIS"},
            new String[] {"appveyor", "APPVEYOR"},
            new String[] {"teamcity", "TEAMCITY_VERSION"},
            new String[] {"bitbucket", "BITBUCKET_BUILD_NUMBER"},
            new String[] {"aws-codebuild", "CODEBUILD_BUILD_ID"},
            new String[] {"drone", "DRONE"},
            new String[] {"heroku", "HEROKU_TEST_RUN_ID"},
            new String[] {"codefresh", "CF_BUILD_ID"},
            new String[] {"semaphore", "SEMAPHORE"});

    /** Rejects nulls so consumers never have to null-check a field. */
    public HostFacts {
        // A loop, not a stream: lambdas cost a fresh CLI JVM milliseconds to bootstrap.
        if (osType == null
                || osVersion == null
                || hostArch == null
                || runtimeId == null
                || javaVersion == null
                || container == null
                || ciProvider == null) {
            throw new NullPointerException("HostFacts fields must not be null");
        }
    }

    /** Returns whether a CI system (specific or generic) was detected. */
    public boolean inCi() {
        return !"none".equals(ciProvider);
    }

    /**
     * Detects the host facts. Never throws on missing or unreadable files: they count as no evidence.
     *
     * @param env environment variables (production: {@code System.getenv()})
     * @param sysProps at least os.name, os.version, os.arch, java.version
     * @param root filesystem root, {@code /} in production
     * @return the detected facts, every field non-null
     */
    public static HostFacts detect(Map<String, String> env, Map<String, String> sysProps, Path root) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(sysProps, "sysProps");
        Objects.requireNonNull(root, "root");
        String rawArch = lower(sysProps.get("os.arch"));
        String os = osType(sysProps.get("os.name"));
        String arch = hostArch(rawArch);
        return new HostFacts(
                os,
                sanitizeVersion(sysProps.get("os.version")),
                arch,
                runtimeId(os, arch, rawArch, root),
                sanitizeVersion(sysProps.get("java.version")),
                container(env, root),
                ciProvider(env));
    }

    static String osType(String osName) {
        String n = lower(osName);
        if (n.startsWith("linux")) return "linux";
        if (n.startsWith("mac") || n.startsWith("darwin")) return "darwin";
        if (n.startsWith("windows")) return "windows";
        if (n.startsWith("freebsd")) return "freebsd";
        if (n.startsWith("openbsd")) return "openbsd";
        if (n.startsWith("netbsd")) return "netbsd";
        if (n.startsWith("sunos") || n.startsWith("solaris")) return "solaris";
        if (n.startsWith("aix")) return "aix";
        if (n.startsWith("hp-ux") || n.startsWith("hpux")) return "hpux";
        if (n.startsWith("z/os") || n.startsWith("os/390")) return "z_os";
        return UNKNOWN;
    }

    /** Maps os.arch to semconv; ppc64le folds into ppc64 because semconv has no LE value. */
    static String hostArch(String rawArch) {
        return switch (lower(rawArch)) {
            case "amd64", "x86_64", "x64", "em64t" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            case "arm", "arm32", "armv7", "armv7l", "armhf", "armel", "aarch32" -> "arm32";
            case "ia64", "ia64n", "ia64w" -> "ia64";
            case "ppc", "ppc32", "powerpc" -> "ppc32";
            case "ppc64", "ppc64le" -> "ppc64";
            case "s390x" -> "s390x";
            default -> UNKNOWN;
        };
    }

    static String runtimeId(String os, String arch, String rawArch, Path root) {
        String ridOs = switch (os) {
            case "linux" -> isMusl(root, rawArch) ? "linux-musl" : "linux";
            case "darwin" -> "osx";
            case "windows" -> "win";
            default -> os;
        };
        String ridArch = switch (arch) {
            case "amd64" -> "x64";
            case "arm32" -> "arm";
            // Endianness matters for native binaries, so RIDs keep the LE suffix that hostArch drops.
            case "ppc64" -> "ppc64le".equals(rawArch) ? "ppc64le" : "ppc64";
            default -> arch;
        };
        return ridOs + "-" + ridArch;
    }

    /**
     * musl's dynamic loader is /lib/ld-musl-ARCH.so.1; glibc systems never ship it. A JVM built for musl
     * needs the loader of its own architecture, so one stat for that is enough (listing /lib, which is
     * /usr/lib on merged-usr systems, cost every run a directory of hundreds of entries).
     */
    private static boolean isMusl(Path root, String rawArch) {
        String own = switch (lower(rawArch)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            case "arm", "arm32", "armv7", "armv7l", "armhf" -> "armhf";
            default -> lower(rawArch);
        };
        return Files.exists(root.resolve("lib").resolve("ld-musl-" + own + ".so.1"));
    }

    /** Trims, caps and replaces anything outside {@code [A-Za-z0-9._+-]} so no free text leaks. */
    static String sanitizeVersion(String raw) {
        String t = raw == null ? "" : raw.strip();
        if (t.isEmpty()) return UNKNOWN;
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 0; i < t.length() && n < MAX_VERSION; n++) {
            int c = t.codePointAt(i);
            i += Character.charCount(c);
            sb.append((c < 128 && (Character.isLetterOrDigit(c) || ".+_-".indexOf(c) >= 0)) ? (char) c : '_');
        }
        return sb.toString();
    }

    static String container(Map<String, String> env, Path root) {
        Set<Kind> found = EnumSet.noneOf(Kind.class);
        if (isSet(env.get("KUBERNETES_SERVICE_HOST"))) found.add(Kind.KUBERNETES);
        if (Files.exists(root.resolve(".dockerenv"))) found.add(Kind.DOCKER);
        if (Files.exists(root.resolve("run/.containerenv"))) found.add(Kind.PODMAN);
        switch (lower(env.get("container"))) {
            case "podman" -> found.add(Kind.PODMAN);
            case "docker" -> found.add(Kind.DOCKER);
            case "lxc", "lxc-libvirt" -> found.add(Kind.LXC);
            case "oci" -> found.add(Kind.OCI_GENERIC);
            default -> {}
        }
        // cgroup v1 has one "N:controllers:/path" line per hierarchy, v2 a single "0::/path".
        for (String line : read(root.resolve("proc/1/cgroup")).split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) cgroupEvidence(parts[2], found);
        }
        // With a private cgroup namespace (v2 default) pid 1 just sees "0::/"; the runtime's bind
        // mounts still name it. Only the mount *source* (field 4) is checked: on a container host the
        // mount *points* contain /docker/containers/ etc. too, and that must not read as "in docker".
        for (String line : read(root.resolve("proc/self/mountinfo")).split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 4) mountEvidence(f[3], found);
        }
        if (found.isEmpty()) return "none";
        Kind k = found.iterator().next(); // EnumSet iterates in precedence (declaration) order
        return k == Kind.OCI_GENERIC ? "docker" : k.name().toLowerCase(Locale.ROOT);
    }

    private static void cgroupEvidence(String path, Set<Kind> found) {
        if (path.contains("kubepods")) found.add(Kind.KUBERNETES);
        if (path.contains("libpod")) found.add(Kind.PODMAN);
        if (path.contains("/docker/") || path.contains("docker-")) found.add(Kind.DOCKER);
        if (path.contains("containerd")) found.add(Kind.CONTAINERD);
        if (path.contains("/lxc/") || path.contains("/lxc.payload")) found.add(Kind.LXC);
    }

    private static void mountEvidence(String source, Set<Kind> found) {
        if (source.contains("kubepods") || source.contains("/var/lib/kubelet/pods/")) {
            found.add(Kind.KUBERNETES);
        }
        if (source.contains("/containers/storage/overlay-containers/") || source.contains("libpod")) {
            found.add(Kind.PODMAN);
        }
        if (source.contains("/docker/containers/")) found.add(Kind.DOCKER);
    }

    /** The CI system the environment names ({@code none} outside CI): cheap, for decisions at start-up. */
    public static String ciProviderOf(Map<String, String> env) {
        return ciProvider(env);
    }

    static String ciProvider(Map<String, String> env) {
        for (String[] rule : CI_RULES) {
            boolean all = true;
            for (int i = 1; i < rule.length && all; i++) all = isSet(env.get(rule[i]));
            if (all) return rule[0];
        }
        // CI is also set to odd values by some tools, so only explicit truthy spellings count.
        return switch (lower(env.get("CI")).strip()) {
            case "1", "true", "yes" -> "generic";
            default -> "none";
        };
    }

    /** A provider variable counts when non-empty and not an explicit false/0. */
    private static boolean isSet(String v) {
        String t = lower(v).strip();
        return !t.isEmpty() && !t.equals("false") && !t.equals("0");
    }

    /** Reads at most MAX_READ bytes of a regular file; anything else is "" (no evidence). */
    static String read(Path p) {
        // isRegularFile keeps a planted FIFO or device from blocking the CLI on open/read.
        try {
            if (!Files.isRegularFile(p)) return "";
            try (InputStream in = Files.newInputStream(p)) {
                return new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
