package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresentationAttackConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void livenessSettingsHaveDocumentedDefaultsAndComeFromFileAndEnvironment() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).presentationAttacks()).isEqualTo(PresentationAttackSettings.DEFAULT);
        assertThat(PresentationAttackSettings.DEFAULT.dualBandThresholdSigmas()).isEqualTo(5.0);
        assertThat(PresentationAttackSettings.DEFAULT.lockoutAfterAttacks()).isEqualTo(3);
        assertThat(PresentationAttackSettings.DEFAULT.lockoutSeconds()).isEqualTo(60);

        Path file = dir.resolve("server.properties");
        Files.writeString(file, "pad.dualBandThresholdSigmas=6.5\npad.singleCameraCheck=true\npad.lockoutSeconds=120\n");
        PresentationAttackSettings loaded = ConfigLoader.load(Optional.of(file), Map.of("OPENPALM_PAD_LOCKOUT_AFTER_ATTACKS", "5"))
                .presentationAttacks();
        assertThat(loaded).isEqualTo(new PresentationAttackSettings(6.5, true, 4.0, 5, 120));

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_PAD_SINGLE_CAMERA_CHECK", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pad.singleCameraCheck");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("OPENPALM_PAD_LOCKOUT_AFTER_ATTACKS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockoutAfterAttacks");
    }
}
