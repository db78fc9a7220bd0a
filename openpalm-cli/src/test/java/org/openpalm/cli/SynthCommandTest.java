package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.PalmImage;
import picocli.CommandLine;

class SynthCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    @Test
    void writesEveryImageAndTheManifest(@TempDir Path dir) throws Exception {
        Run run = run("synth", "--identities", "3", "--samples", "4", "--out", dir.toString(), "--seed", "9");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(pngs(dir)).hasSize(12);
        List<String> manifest = Files.readAllLines(dir.resolve("manifest.csv"), StandardCharsets.UTF_8);
        assertThat(manifest).hasSize(13);
        assertThat(manifest.getFirst()).isEqualTo("file,subject,hand,session,sample");
        assertThat(manifest.subList(1, 5)).containsExactly(
                "synth-00001_s1_01.png,synth-00001,unknown,1,1",
                "synth-00001_s1_02.png,synth-00001,unknown,1,2",
                "synth-00001_s2_01.png,synth-00001,unknown,2,1",
                "synth-00001_s2_02.png,synth-00001,unknown,2,2");
        assertThat(manifest.getLast()).isEqualTo("synth-00003_s2_02.png,synth-00003,unknown,2,2");
        for (String row : manifest.subList(1, manifest.size())) {
            String[] fields = row.split(",", -1);
            assertThat(fields).hasSize(5);
            assertThat(fields[1]).matches("synth-\\d{5}");
            PalmImage image = PalmImage.decode(Files.readAllBytes(dir.resolve(fields[0])));
            assertThat(image.width()).isEqualTo(128);
            assertThat(image.height()).isEqualTo(128);
        }
        // The progress bar ends at the total, redrawn in place.
        assertThat(run.err()).contains("12/12 100%").contains("ETA").contains("\r");
    }

    @Test
    void sameArgumentsGiveByteIdenticalOutputWhateverTheThreadCount(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one");
        Path many = dir.resolve("many");
        assertThat(run("synth", "--identities", "3", "--samples", "3", "--out", one.toString(),
                "--seed", "42", "--threads", "1").exitCode()).isZero();
        assertThat(run("synth", "--identities", "3", "--samples", "3", "--out", many.toString(),
                "--seed", "42", "--threads", "3", "--no-progress").exitCode()).isZero();

        List<Path> files = pngs(one);
        assertThat(files).hasSize(9);
        for (Path f : files) {
            assertThat(Files.readAllBytes(many.resolve(f.getFileName()))).isEqualTo(Files.readAllBytes(f));
        }
        assertThat(Files.readAllBytes(many.resolve("manifest.csv")))
                .isEqualTo(Files.readAllBytes(one.resolve("manifest.csv")));
    }

    @Test
    void anotherSeedGivesOtherImages(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        run("synth", "--identities", "1", "--samples", "1", "--out", a.toString(), "--seed", "1", "--no-progress");
        run("synth", "--identities", "1", "--samples", "1", "--out", b.toString(), "--seed", "2", "--no-progress");
        String file = "synth-00001_s1_01.png";
        assertThat(Files.readAllBytes(a.resolve(file))).isNotEqualTo(Files.readAllBytes(b.resolve(file)));
    }

    @Test
    void oddSampleCountPutsTheExtraSampleInSessionOne() {
        assertThat(SynthCommand.entriesOf(0, 3)).extracting(e -> e.session() + "/" + e.sample())
                .containsExactly("1/1", "1/2", "2/1");
        assertThat(SynthCommand.entriesOf(0, 1)).extracting(SynthCommand.Entry::file)
                .containsExactly("synth-00001_s1_01.png");
    }

    @Test
    void refusesZeroIdentitiesOrSamplesWithAUsageError(@TempDir Path dir) {
        assertThat(run("synth", "--identities", "0", "--samples", "2", "--out", dir.toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("synth", "--identities", "2", "--samples", "0", "--out", dir.toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("synth", "--identities", "2", "--samples", "2").exitCode()).isEqualTo(2);
    }
}
