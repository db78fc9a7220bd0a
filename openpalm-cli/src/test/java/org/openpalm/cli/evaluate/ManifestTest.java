package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void readsEntriesInFileOrder() throws Exception {
        write("file,subject,hand,session,sample\nb.bmp,s2,left,1,1\na.bmp,s1,right,2,3\n");

        Manifest m = Manifest.read(dir);

        assertThat(m.entries()).containsExactly(
                new ManifestEntry("b.bmp", "s2", "left", 1, 1), new ManifestEntry("a.bmp", "s1", "right", 2, 3));
        assertThat(m.subjectCount()).isEqualTo(2);
        assertThat(m.name()).isEqualTo(dir.getFileName().toString());
    }

    @Test
    void namesTheBadLine() throws IOException {
        write("file,subject,hand,session,sample\na.bmp,s1,left,1,1\nb.bmp,s1,left,one,2\n");

        assertThatThrownBy(() -> Manifest.read(dir)).isInstanceOf(ManifestException.class).hasMessageContaining("line 3");
    }

    @Test
    void refusesAWrongHeaderAndAMissingFile() throws IOException {
        assertThatThrownBy(() -> Manifest.read(dir)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("manifest.csv");
        write("name,who\na,b\n");
        assertThatThrownBy(() -> Manifest.read(dir)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("first line");
    }

    private void write(String text) throws IOException {
        Files.writeString(dir.resolve(Manifest.FILE_NAME), text);
    }
}
