package dev.candor.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationIdsTest {
    @TempDir
    Path dir;

    @Test
    void theMachineIdIsComputedOnceAndCached() {
        InstallationIds ids = new InstallationIds(dir, false);
        String first = ids.machineId();
        assertThat(first).matches("[0-9a-f]{64}|[0-9a-f-]{36}");
        assertThat(new InstallationIds(dir, false).machineId()).isEqualTo(first);
        assertThat(ids.cachedMachineId()).contains(first);
    }

    @Test
    void aToolMayChooseARandomIdInsteadOfTheMacHash() {
        assertThat(new InstallationIds(dir, true).machineId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void afterAForgetTheIdIsRandomSoNewEventsCannotBeLinkedToForgottenOnes() throws Exception {
        InstallationIds ids = new InstallationIds(dir, false);
        String before = ids.machineId();
        ids.reset(true);
        String after = ids.machineId();
        assertThat(after).isNotEqualTo(before).hasSize(36);
    }

    @Test
    void eachInstallationHashesWithItsOwnSecret() {
        Hasher here = new Hasher(new InstallationIds(dir.resolve("a"), false).secret());
        Hasher there = new Hasher(new InstallationIds(dir.resolve("b"), false).secret());
        assertThat(here.hash("/home/ann/project"))
                .isNotEqualTo(there.hash("/home/ann/project"))
                .isEqualTo(new Hasher(new InstallationIds(dir.resolve("a"), false).secret()).hash("/home/ann/project"));
    }
}
