package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PalmIndexSnapshotTest {
    private final SyntheticTemplates synth = new SyntheticTemplates(11);

    @TempDir
    Path dir;

    private PalmIndex indexOf(int n) {
        PalmIndex index = new PalmIndex();
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) index.put(EnrolmentId.of("id-" + i), synth.enrolment(i), Hint.of(i % 100));
            else index.put(EnrolmentId.of("id-" + i), synth.enrolment(i));
        }
        index.remove(EnrolmentId.of("id-5")); // a free slot in the middle
        return index;
    }

    @Test
    void aSnapshotLoadsBackToTheSameIndex() throws Exception {
        PalmIndex original = indexOf(2500);
        Path file = dir.resolve("gallery.opix");
        original.writeSnapshot(file);
        PalmIndex loaded = PalmIndex.readSnapshot(file, IndexConfig.DEFAULT);
        assertThat(loaded.size()).isEqualTo(original.size());
        assertThat(loaded.contains(EnrolmentId.of("id-5"))).isFalse();
        for (int who : new int[] {0, 3, 7, 1200, 2499}) {
            PalmTemplate probe = synth.capture(who, 1);
            assertThat(loaded.identify(probe, 5)).isEqualTo(original.identify(probe, 5));
            assertThat(loaded.identify(probe, 5, Hint.of(who % 100))).isEqualTo(original.identify(probe, 5, Hint.of(who % 100)));
        }
    }

    @Test
    void aTruncatedSnapshotIsRefusedAndTheLiveIndexIsUntouched() throws Exception {
        Path file = dir.resolve("gallery.opix");
        indexOf(300).writeSnapshot(file);
        byte[] bytes = Files.readAllBytes(file);
        PalmIndex live = indexOf(50);
        Identification before = live.identify(synth.capture(10, 1), 3);
        for (int cut : new int[] {0, 3, 8, 100, bytes.length / 2, bytes.length - 5, bytes.length - 1}) {
            Path truncated = dir.resolve("cut-" + cut);
            Files.write(truncated, Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> live.loadSnapshot(truncated))
                    .isInstanceOf(SnapshotFormatException.class)
                    .hasMessageContaining(cut == 0 || cut == 3 ? "truncated" : "");
        }
        assertThat(live.size()).isEqualTo(49);
        assertThat(live.identify(synth.capture(10, 1), 3)).isEqualTo(before);
    }

    @Test
    void anyCorruptByteIsRefused() throws Exception {
        Path file = dir.resolve("gallery.opix");
        indexOf(40).writeSnapshot(file);
        byte[] bytes = Files.readAllBytes(file);
        PalmIndex live = indexOf(20);
        for (int pos = 0; pos < bytes.length; pos += 97) {
            byte[] corrupt = bytes.clone();
            corrupt[pos] ^= 0x10;
            Path bad = dir.resolve("bad");
            Files.write(bad, corrupt);
            assertThatThrownBy(() -> live.loadSnapshot(bad)).isInstanceOf(SnapshotFormatException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        Files.write(dir.resolve("longer"), longer);
        assertThatThrownBy(() -> live.loadSnapshot(dir.resolve("longer")))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("trailing");
        Files.write(dir.resolve("foreign"), synth.enrolment(1).toBytes());
        assertThatThrownBy(() -> live.loadSnapshot(dir.resolve("foreign")))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("not an OpenPalm index snapshot");
        assertThat(live.size()).isEqualTo(19);
    }

    @Test
    void aMissingFileIsAnIoErrorNotAFormatError() {
        PalmIndex live = indexOf(5);
        assertThatThrownBy(() -> live.loadSnapshot(dir.resolve("absent"))).isInstanceOf(IOException.class);
        assertThat(live.size()).isEqualTo(5);
    }

    @Test
    void rewritingASnapshotReplacesItWhole() throws Exception {
        Path file = dir.resolve("gallery.opix");
        indexOf(100).writeSnapshot(file);
        indexOf(10).writeSnapshot(file);
        assertThat(PalmIndex.readSnapshot(file, IndexConfig.DEFAULT).size()).isEqualTo(9);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("gallery.opix");
        }
    }
}
