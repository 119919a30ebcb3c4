package dev.candor.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostFactsTest {

    @TempDir
    Path root;

    static final String CID = "3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";

    private static Map<String, String> linuxProps() {
        return Map.of(
                "os.name", "Linux", "os.version", "6.1.0-18-amd64", "os.arch", "amd64", "java.version", "17.0.15");
    }

    private HostFacts detectEnv(Map<String, String> env) {
        return HostFacts.detect(env, linuxProps(), root);
    }

    private String container() {
        return detectEnv(Map.of()).container();
    }

    private void plant(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}/{1} -> {2} {3} {4}")
    @CsvSource({
        "Linux,      amd64,   linux,   amd64,   linux-x64",
        "Linux,      x86_64,  linux,   amd64,   linux-x64",
        "Linux,      aarch64, linux,   arm64,   linux-arm64",
        "Linux,      arm,     linux,   arm32,   linux-arm",
        "Linux,      i686,    linux,   x86,     linux-x86",
        "Linux,      ppc64le, linux,   ppc64,   linux-ppc64le",
        "Linux,      ppc,     linux,   ppc32,   linux-ppc32",
        "Linux,      s390x,   linux,   s390x,   linux-s390x",
        "Mac OS X,   x86_64,  darwin,  amd64,   osx-x64",
        "Mac OS X,   aarch64, darwin,  arm64,   osx-arm64",
        "Windows 11, amd64,   windows, amd64,   win-x64",
        "Windows 10, x86,     windows, x86,     win-x86",
        "Windows 11, aarch64, windows, arm64,   win-arm64",
        "FreeBSD,    amd64,   freebsd, amd64,   freebsd-x64",
        "OpenBSD,    amd64,   openbsd, amd64,   openbsd-x64",
        "NetBSD,     i386,    netbsd,  x86,     netbsd-x86",
        "SunOS,      sparcv9, solaris, unknown, solaris-unknown",
        "AIX,        ppc64,   aix,     ppc64,   aix-ppc64",
        "HP-UX,      IA64N,   hpux,    ia64,    hpux-ia64",
        "z/OS,       s390x,   z_os,    s390x,   z_os-s390x",
        "Plan9,      mips,    unknown, unknown, unknown-unknown"
    })
    void mapsOsAndArchToSemconvAndRuntimeId(String osName, String arch, String os, String hostArch, String rid) {
        HostFacts f = HostFacts.detect(
                Map.of(), Map.of("os.name", osName, "os.arch", arch, "os.version", "1", "java.version", "17"), root);
        assertThat(f.osType()).isEqualTo(os);
        assertThat(f.hostArch()).isEqualTo(hostArch);
        assertThat(f.runtimeId()).isEqualTo(rid);
    }

    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, ld-musl-x86_64.so.1, linux-musl-x64",
        "Linux, aarch64, ld-musl-aarch64.so.1, linux-musl-arm64",
        "Windows 11, amd64, ld-musl-x86_64.so.1, win-x64"
    })
    void detectsMuslFromItsDynamicLoaderOnLinuxOnly(String osName, String arch, String loader, String rid)
            throws IOException {
        plant("lib/" + loader, "");
        assertThat(HostFacts.detect(Map.of(), Map.of("os.name", osName, "os.arch", arch), root)
                        .runtimeId())
                .isEqualTo(rid);
    }

    @Test
    void missingInputsBecomeUnknownAndNone() {
        HostFacts f = HostFacts.detect(Map.of(), Map.of(), root);
        assertThat(f)
                .isEqualTo(
                        new HostFacts("unknown", "unknown", "unknown", "unknown-unknown", "unknown", "none", "none"));
        assertThat(f.inCi()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'  5.15.0-91-generic  ' | 5.15.0-91-generic",
                "6.1.0+rc1_x            | 6.1.0+rc1_x",
                "10.0 build/19045       | 10.0_build_19045",
                "'14.2 (Sonoma); évé'   | 14.2__Sonoma____v_",
                "'   '                  | unknown"
            })
    void sanitizesOsVersion(String raw, String expected) {
        assertThat(HostFacts.sanitizeVersion(raw)).isEqualTo(expected);
    }

    @Test
    void capsOsVersionAt64Chars() {
        assertThat(HostFacts.sanitizeVersion("9".repeat(100))).isEqualTo("9".repeat(64));
        assertThat(HostFacts.sanitizeVersion(null)).isEqualTo("unknown");
    }

    @Test
    void reportsNoContainerWithoutEvidence() throws IOException {
        plant("proc/1/cgroup", "0::/init.scope\n");
        assertThat(container()).isEqualTo("none");
    }

    @ParameterizedTest
    @CsvSource({".dockerenv, docker", "run/.containerenv, podman"})
    void detectsRuntimeFromMarkerFile(String marker, String expected) throws IOException {
        plant(marker, "");
        assertThat(container()).isEqualTo(expected);
    }

    /** cgroup v1 (one line per controller) and v2 (single "0::" line) as pid 1 sees them. */
    @ParameterizedTest
    @CsvSource({
        "'12:memory:/docker/" + CID + "\\n1:name=systemd:/docker/" + CID + "', docker",
        "'12:memory:/kubepods/burstable/pod1234-ab/" + CID + "\\n1:name=systemd:/kubepods/" + "burstable/pod1234-ab/"
                + CID + "', kubernetes",
        "0::/kubepods.slice/kubepods-pod12.slice/cri-containerd-" + CID + ".scope, kubernetes",
        "0::/system.slice/docker-" + CID + ".scope, docker",
        "0::/machine.slice/libpod-" + CID + ".scope, podman",
        "0::/system.slice/cri-containerd-" + CID + ".scope, containerd",
        "'4:pids:/lxc/build-box\\n1:name=systemd:/lxc/build-box', lxc",
        "'3:cpu:/lxc/outer/docker/" + CID + "', docker"
    })
    void detectsRuntimeFromCgroupPath(String cgroup, String expected) throws IOException {
        plant("proc/1/cgroup", cgroup.replace("\\n", "\n"));
        assertThat(container()).isEqualTo(expected);
    }

    // Realistic mountinfo lines as seen inside each runtime with a private cgroup v2 namespace.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "612 598 259:2 /var/lib/docker/containers/" + CID + "/resolv.conf /etc/resolv.conf"
                        + " rw,relatime - ext4 /dev/nvme0n1p2 rw | docker",
                "1021 1003 0:45 /containers/storage/overlay-containers/" + CID + "/userdata/"
                        + "hostname /etc/hostname rw,nosuid - tmpfs tmpfs rw,size=3273128k,uid=1000 | podman",
                "2210 2190 259:1 /var/lib/kubelet/pods/0b8e-41/etc-hosts /etc/hosts rw,relatime - ext4"
                        + " /dev/root rw | kubernetes"
            })
    void detectsRuntimeFromMountinfoWhenCgroupV2IsJustRoot(String line, String expected) throws IOException {
        plant("proc/1/cgroup", "0::/\n");
        plant(
                "proc/self/mountinfo",
                "598 497 0:52 / / rw,relatime master:273 - overlay overlay"
                        + " rw,lowerdir=/l/ABC,upperdir=/u/diff,workdir=/u/work\n" + line + "\n");
        assertThat(container()).isEqualTo(expected);
    }

    @Test
    void doesNotMistakeAContainerHostForAContainer() throws IOException {
        // On the host the runtime's paths appear as mount points with root "/", not as mount sources.
        plant("proc/1/cgroup", "0::/init.scope\n");
        plant(
                "proc/self/mountinfo",
                "880 29 0:60 / /var/lib/docker/containers/" + CID
                        + "/mounts/shm rw,nosuid,nodev - tmpfs shm rw,size=65536k\n"
                        + "901 29 0:61 / /var/lib/kubelet/pods/0b8e-41/volumes/x rw - tmpfs tmpfs rw\n");
        assertThat(container()).isEqualTo("none");
    }

    @ParameterizedTest
    @CsvSource({"podman, podman", "docker, docker", "lxc, lxc", "oci, docker", "systemd-nspawn, none"})
    void readsSystemdContainerVariable(String value, String expected) {
        assertThat(detectEnv(Map.of("container", value)).container()).isEqualTo(expected);
    }

    @Test
    void genericOciHintYieldsToSpecificEvidence() throws IOException {
        plant("proc/1/cgroup", "0::/system.slice/cri-containerd-" + CID + ".scope\n");
        assertThat(detectEnv(Map.of("container", "oci")).container()).isEqualTo("containerd");
    }

    @Test
    void detectsKubernetesFromServiceHostAndPrefersItOverDocker() throws IOException {
        plant(".dockerenv", "");
        assertThat(detectEnv(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1")).container())
                .isEqualTo("kubernetes");
    }

    @Test
    void unreadableFilesAreNoEvidence() throws IOException {
        // Directories where files are expected fail to read even for root, unlike chmod 000.
        Files.createDirectories(root.resolve("proc/1/cgroup"));
        Files.createDirectories(root.resolve("proc/self/mountinfo"));
        Files.createDirectories(root.resolve("lib"));
        assertThat(container()).isEqualTo("none");
        assertThat(HostFacts.detect(Map.of(), linuxProps(), root.resolve("does/not/exist")))
                .extracting(HostFacts::container, HostFacts::runtimeId)
                .containsExactly("none", "linux-x64");
    }

    @Test
    void readsAtMost64KbOfHugeFiles() throws IOException {
        String filler = "5:blkio:/user.slice\n".repeat(10_000); // ~200 KB, past the cap
        plant("proc/1/cgroup", filler + "12:memory:/docker/" + CID + "\n");
        assertThat(HostFacts.read(root.resolve("proc/1/cgroup"))).hasSize(HostFacts.MAX_READ);
        assertThat(container()).isEqualTo("none");
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource({
        "GITHUB_ACTIONS, true, github-actions",
        "GITLAB_CI, true, gitlab",
        "TF_BUILD, True, azure-pipelines",
        "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI, https://dev.azure.com/org/, azure-pipelines",
        "JENKINS_URL, http://ci:8080/, jenkins",
        "BUILDKITE, true, buildkite",
        "CIRCLECI, true, circleci",
        "TRAVIS, true, travis",
        "APPVEYOR, True, appveyor",
        "TEAMCITY_VERSION, 2023.11.1, teamcity",
        "BITBUCKET_BUILD_NUMBER, 42, bitbucket",
        "CODEBUILD_BUILD_ID, proj:0b8e, aws-codebuild",
        "DRONE, true, drone",
        "HEROKU_TEST_RUN_ID, 0b8e-41, heroku",
        "CF_BUILD_ID, 65f0, codefresh",
        "SEMAPHORE, true, semaphore",
        "CI, 1, generic",
        "CI, true, generic",
        "CI, TRUE, generic",
        "CI, yes, generic",
        "CI, false, none",
        "CI, 0, none",
        "CI, '', none",
        "CI, woodpecker, none",
        "GITHUB_ACTIONS, false, none",
        "GITHUB_ACTIONS, 0, none",
        "GITHUB_ACTIONS, '', none",
        "BUILD_ID, 17, none",
        "JENKINS_HOME, /var/jenkins, none",
        "AGENT_NAME, agent-1, none"
    })
    void detectsCiProviderFromOneVariable(String name, String value, String expected) {
        HostFacts f = detectEnv(Map.of(name, value));
        assertThat(f.ciProvider()).isEqualTo(expected);
        assertThat(f.inCi()).isEqualTo(!expected.equals("none"));
    }

    @ParameterizedTest
    @CsvSource({
        "BUILD_ID, 17, JENKINS_HOME, /var/jenkins, jenkins",
        "BUILD_BUILDID, 1234, AGENT_NAME, Hosted Agent, azure-pipelines",
        "CI, true, GITHUB_ACTIONS, true, github-actions",
        "CI, false, GITLAB_CI, true, gitlab"
    })
    void detectsCiProviderFromVariablePairs(String n1, String v1, String n2, String v2, String expected) {
        Map<String, String> env = new HashMap<>();
        env.put(n1, v1);
        env.put(n2, v2);
        assertThat(detectEnv(env).ciProvider()).isEqualTo(expected);
    }

    @Test
    void smokeTestOnThisMachineFillsEveryField() {
        Map<String, String> props = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> props.put(k, System.getProperty(k)));
        HostFacts f = HostFacts.detect(System.getenv(), props, Path.of("/"));
        assertThat(f).hasNoNullFieldsOrProperties();
        assertThat(f.javaVersion()).isNotEqualTo("unknown");
    }
}
