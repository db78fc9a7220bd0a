package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateProtectionTest {
    private final SyntheticTemplates synth = new SyntheticTemplates(21);

    @TempDir
    Path dir;

    @Test
    void aProtectedIndexFindsExactlyWhatAPlainIndexFinds() {
        TemplateProtectionKey key = TemplateProtectionKey.generate();
        PalmIndex plain = new PalmIndex();
        PalmIndex protectedIndex = new PalmIndex(IndexConfig.DEFAULT, key);
        for (int i = 0; i < 3000; i++) {
            plain.put(EnrolmentId.of("id-" + i), synth.enrolment(i), Hint.of(i % 50));
            if (i % 2 == 0) protectedIndex.put(EnrolmentId.of("id-" + i), synth.enrolment(i), Hint.of(i % 50));
            else protectedIndex.put(EnrolmentId.of("id-" + i), key.protect(synth.enrolment(i)), Hint.of(i % 50));
        }
        for (int who : new int[] {0, 1, 17, 1500, 2999, 123_456}) {
            PalmTemplate probe = synth.capture(who, 3);
            assertThat(protectedIndex.identify(probe, 10)).isEqualTo(plain.identify(probe, 10));
            assertThat(protectedIndex.identify(probe, 5, Hint.of(who % 50))).isEqualTo(plain.identify(probe, 5, Hint.of(who % 50)));
            assertThat(protectedIndex.identifyExhaustive(probe, 5)).isEqualTo(plain.identifyExhaustive(probe, 5));
        }
        assertThat(protectedIndex.identify(synth.capture(1500, 3), 1).decision())
                .isEqualTo(new Decision.Match(new Candidate(EnrolmentId.of("id-1500"),
                        plain.identify(synth.capture(1500, 3), 1).candidates().getFirst().score())));
    }

    @Test
    void aProtectedSnapshotHoldsNoPlainCodeAndLoadsBackOnlyWithItsKey() throws Exception {
        TemplateProtectionKey key = TemplateProtectionKey.generate();
        PalmIndex index = new PalmIndex(IndexConfig.DEFAULT, key);
        for (int i = 0; i < 200; i++) index.put(EnrolmentId.of("id-" + i), synth.enrolment(i));
        Path file = dir.resolve("protected.opix");
        index.writeSnapshot(file);

        byte[] snapshot = Files.readAllBytes(file);
        byte[] plainCode = java.util.Arrays.copyOfRange(synth.enrolment(7).toBytes(), 8, 8 + 64);
        assertThat(indexOf(snapshot, plainCode)).as("a plain code run in the protected snapshot").isEqualTo(-1);

        PalmIndex loaded = PalmIndex.readSnapshot(file, IndexConfig.DEFAULT, key);
        for (int who : new int[] {0, 7, 199}) {
            assertThat(loaded.identify(synth.capture(who, 2), 3)).isEqualTo(index.identify(synth.capture(who, 2), 3));
        }
        assertThatThrownBy(() -> PalmIndex.readSnapshot(file, IndexConfig.DEFAULT, TemplateProtectionKey.generate()))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("protected with key " + key.id());
        assertThatThrownBy(() -> PalmIndex.readSnapshot(file, IndexConfig.DEFAULT))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("protected gallery");
    }

    @Test
    void templatesOfAnotherKeyAreRefused() {
        TemplateProtectionKey key = TemplateProtectionKey.generate();
        ProtectedTemplate foreign = TemplateProtectionKey.generate().protect(synth.enrolment(1));
        assertThatThrownBy(() -> new PalmIndex(IndexConfig.DEFAULT, key).put(EnrolmentId.of("x"), foreign))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(foreign.keyId());
        assertThatThrownBy(() -> new ProtectedPalmMatcher(synth.capture(1, 1), key).match(foreign))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PalmIndex().put(EnrolmentId.of("x"), foreign))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> foreign.reprotect(key, TemplateProtectionKey.generate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneKeyAlwaysGivesOneTransformAndTwoKeysUnrelatedBits() {
        byte[] secret = new byte[32];
        secret[0] = 1;
        TemplateProtectionKey a = TemplateProtectionKey.of(secret);
        TemplateProtectionKey sameAgain = TemplateProtectionKey.of(secret.clone());
        TemplateProtectionKey other = TemplateProtectionKey.generate();
        PalmTemplate palm = synth.enrolment(3);

        assertThat(sameAgain.id()).isEqualTo(a.id()).matches("[0-9a-f]{16}");
        assertThat(sameAgain.protect(palm)).isEqualTo(a.protect(palm));
        // The same palm under two keys: the matcher sees unrelated codes (score near impostor level).
        double linked = ProtectedTemplate.crossMatchScore(a.protect(palm), other.protect(palm));
        assertThat(linked).isLessThan(ScoreScale.thresholdForFalseMatchRate(1e-2));
        double sameKey = ProtectedTemplate.crossMatchScore(a.protect(palm), a.protect(palm));
        assertThat(sameKey).isEqualTo(100.0);
    }

    @Test
    void corruptOrPlainBytesAreNotAProtectedTemplate() {
        byte[] bytes = TemplateProtectionKey.generate().protect(synth.enrolment(4)).toBytes();
        bytes[100] ^= 1;
        assertThatThrownBy(() -> ProtectedTemplate.fromBytes(bytes)).isInstanceOf(TemplateFormatException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> ProtectedTemplate.fromBytes(synth.enrolment(4).toBytes()))
                .isInstanceOf(TemplateFormatException.class).hasMessageContaining("not an OpenPalm protected template");
        assertThatThrownBy(() -> ProtectedTemplate.fromBytes(java.util.Arrays.copyOf(bytes, 300)))
                .isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void neitherKeyNorTemplateShowsItsBytes() {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) 0xAB);
        TemplateProtectionKey key = TemplateProtectionKey.of(secret);
        ProtectedTemplate t = key.protect(synth.enrolment(5));
        assertThat(key.toString()).contains("masked").contains(key.id()).doesNotContain(HexFormat.of().formatHex(secret).substring(0, 8));
        assertThat(t.toString()).isEqualTo("ProtectedTemplate[key " + key.id() + ", masked]");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
