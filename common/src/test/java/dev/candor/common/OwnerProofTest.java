package dev.candor.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerProofTest {
    private static final byte[] REQUEST = OwnerProof.message("/v1/access", "forge", "m-1", "k", 1_800_000_000L, "n-1");

    @Test
    void theHolderOfTheKeySignsWhatItsPublicHalfVerifies() {
        OwnerProof.Keys keys = OwnerProof.generate();
        assertThat(keys.publicKey()).matches("[0-9a-f]{64}");
        assertThat(keys.privateKey()).matches("[0-9a-f]{64}").isNotEqualTo(keys.publicKey());

        String signature = OwnerProof.sign(keys.privateKey(), REQUEST);

        assertThat(signature).matches("[0-9a-f]{128}");
        assertThat(OwnerProof.verify(keys.publicKey(), REQUEST, signature)).isTrue();
    }

    @Test
    void aSignatureBindsEveryField() {
        OwnerProof.Keys keys = OwnerProof.generate();
        String signature = OwnerProof.sign(keys.privateKey(), REQUEST);

        for (byte[] other : new byte[][] {
            OwnerProof.message("/v1/forget", "forge", "m-1", "k", 1_800_000_000L, "n-1"),
            OwnerProof.message("/v1/access", "forgf", "m-1", "k", 1_800_000_000L, "n-1"),
            OwnerProof.message("/v1/access", "forge", "m-2", "k", 1_800_000_000L, "n-1"),
            OwnerProof.message("/v1/access", "forge", "m-1", "j", 1_800_000_000L, "n-1"),
            OwnerProof.message("/v1/access", "forge", "m-1", "k", 1_800_000_001L, "n-1"),
            OwnerProof.message("/v1/access", "forge", "m-1", "k", 1_800_000_000L, "n-2"),
            // a field's end moved into the next: the separator is part of what is signed
            OwnerProof.message("/v1/access", "forge\nm-1", "", "k", 1_800_000_000L, "n-1")
        }) {
            assertThat(OwnerProof.verify(keys.publicKey(), other, signature)).isFalse();
        }
    }

    @Test
    void anotherKeysSignatureOrGarbageDoesNotVerify() {
        OwnerProof.Keys owner = OwnerProof.generate();
        OwnerProof.Keys stranger = OwnerProof.generate();
        String strangers = OwnerProof.sign(stranger.privateKey(), REQUEST);

        assertThat(OwnerProof.verify(owner.publicKey(), REQUEST, strangers)).isFalse();
        assertThat(OwnerProof.verify(owner.publicKey(), REQUEST, "00".repeat(64)))
                .isFalse();
        assertThat(OwnerProof.verify(owner.publicKey(), REQUEST, "not hex")).isFalse();
        assertThat(OwnerProof.verify("ff".repeat(32), REQUEST, strangers)).isFalse();
        assertThat(OwnerProof.verify(null, REQUEST, strangers)).isFalse();
    }

    @Test
    void keysPrintWithoutTheirPrivateHalf() {
        OwnerProof.Keys keys = OwnerProof.generate();
        assertThat(keys.toString()).contains(keys.publicKey()).doesNotContain(keys.privateKey());
    }
}
