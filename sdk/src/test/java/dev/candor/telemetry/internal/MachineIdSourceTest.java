package dev.candor.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.candor.telemetry.internal.MachineIdSource.Adapter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineIdSourceTest {

    private static final byte[] MAC = {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD, (byte) 0xEE, (byte) 0xFF};
    /** Computed independently: printf 'aa:bb:cc:dd:ee:ff' | sha256sum */
    private static final String MAC_SHA256 = "c1582e87c802221899199e286ead9a7ed13eb3b5e3827be6cc149fb82a9e04f7";
    /** Computed independently: printf '02:42:ac:11:00:02' | sha256sum */
    private static final String DOCKER_MAC_SHA256 = "3424b72ee104e99be183dc60a7b751a058f3ff95747d04922fb59889f7e032b1";

    private static Adapter nic(String name, int index, byte[] mac) {
        return new Adapter(name, index, mac, false, false, true);
    }

    private static byte[] mac(int last) {
        return new byte[] {0x10, 0x20, 0x30, 0x40, 0x50, (byte) last};
    }

    private static String hashOf(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hashesKnownMacToKnownSha256() throws Exception {
        String id = MachineIdSource.macHash(List.of(nic("eth0", 2, MAC))).orElseThrow();
        assertThat(id).isEqualTo(hashOf("aa:bb:cc:dd:ee:ff")).isEqualTo(MAC_SHA256);
        assertThat(id).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void keepsLocallyAdministeredMacBecauseContainersOnlyHaveThat() {
        byte[] dockerMac = {0x02, 0x42, (byte) 0xAC, 0x11, 0x00, 0x02};
        assertThat(MachineIdSource.macHash(List.of(nic("eth0", 23, dockerMac)))).contains(DOCKER_MAC_SHA256);
    }

    @Test
    void skipsLoopbackAllZeroAllFfVirtualAndContainerInterfaces() throws Exception {
        List<Adapter> adapters = List.of(
                new Adapter("lo", 1, new byte[6], true, false, true),
                nic("eth9", 2, new byte[6]),
                nic("eth8", 3, new byte[] {-1, -1, -1, -1, -1, -1}),
                new Adapter("eth0:1", 4, mac(4), false, true, true),
                nic("docker0", 5, mac(5)),
                nic("veth1a2b3c", 6, mac(6)),
                nic("br-0f1e2d", 7, mac(7)),
                nic("eth7", 8, null),
                nic("ib0", 9, new byte[20]),
                nic("enp3s0", 10, MAC));
        assertThat(MachineIdSource.macHash(adapters)).contains(MAC_SHA256);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lo",
                "lo0",
                "docker0",
                "veth9",
                "br-abc",
                "virbr0",
                "tun0",
                "tap0",
                "utun3",
                "vmnet8",
                "vboxnet0",
                "zt7nnig26",
                "wg0",
                "tailscale0",
                "awdl0",
                "llw0",
                "ham0",
                "cni0",
                "flannel.1",
                "cali1234",
                "kube-ipvs0",
                "Docker0"
            })
    void rejectsTunnelBridgeAndContainerNames(String name) {
        assertThat(MachineIdSource.isReal(nic(name, 1, MAC))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "en0", "enp3s0", "wlan0", "wlp2s0", "eno1", "net0", "local0"})
    void acceptsOrdinaryAdapterNames(String name) {
        assertThat(MachineIdSource.isReal(nic(name, 1, MAC))).isTrue();
    }

    @Test
    void picksLowestIndexThenName() throws Exception {
        List<Adapter> adapters = List.of(
                nic("wlan0", 7, mac(7)),
                nic("eth1", 3, mac(0x31)),
                nic("eth0", 3, mac(0x30)),
                nic("usb0", 12, mac(12)));
        assertThat(MachineIdSource.macHash(adapters)).contains(hashOf("10:20:30:40:50:30"));
    }

    @Test
    void unknownIndexSortsLast() throws Exception {
        List<Adapter> adapters = List.of(nic("eth0", -1, mac(1)), nic("wlan0", 9, mac(9)));
        assertThat(MachineIdSource.macHash(adapters)).contains(hashOf("10:20:30:40:50:09"));
    }

    @Test
    void downAdapterStillWinsSoTheIdSurvivesWifiBeingSwitchedOff() throws Exception {
        List<Adapter> adapters =
                List.of(new Adapter("wlan0", 2, mac(2), false, false, false), nic("enx00e04c", 14, mac(14)));
        assertThat(MachineIdSource.macHash(adapters)).contains(hashOf("10:20:30:40:50:02"));
    }

    @Test
    void emptyWhenNothingReal() {
        assertThat(MachineIdSource.macHash(List.of())).isEmpty();
        assertThat(MachineIdSource.macHash(
                        List.of(new Adapter("lo", 1, null, true, false, true), nic("docker0", 2, MAC))))
                .isEmpty();
    }

    @Test
    void fromMacAddressOnThisMachineDoesNotThrow() {
        assertThatCode(MachineIdSource::fromMacAddress).doesNotThrowAnyException();
        // CI machines may have no real adapter, so only the shape of a present id is asserted.
        MachineIdSource.fromMacAddress().ifPresent(id -> assertThat(id).matches("[0-9a-f]{64}"));
    }

    @Test
    void randomIdIsAFreshUuid() {
        String id = MachineIdSource.randomId();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(MachineIdSource.randomId()).isNotEqualTo(id);
    }
}
