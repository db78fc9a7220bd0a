package org.openpalm.cli.pad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.cli.OpenPalmCommand;
import picocli.CommandLine;

class AttacksCommandTest {
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void writesBonaFideCopiesAttacksOfEveryKindAndTheManifest(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 2, 2, 5);
        Run run = run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--nir", dir.resolve("nir").toString(),
                "--kind", "print,screen,nir-print", "--out", dir.resolve("set").toString(), "--seed", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        PadManifest manifest = PadManifest.read(dir.resolve("set"));
        assertThat(manifest.rows()).hasSize(4 * 2 * 4); // 4 captures x 2 bands x (bona fide + 3 kinds)
        List<PadManifest.Presentation> presentations = manifest.presentations();
        assertThat(presentations).hasSize(16).allSatisfy(p -> assertThat(p.nearInfrared()).isPresent());
        assertThat(presentations.stream().filter(p -> !p.attack()).map(PadManifest.Presentation::kind)).containsOnly("live").hasSize(4);
        assertThat(presentations.stream().filter(PadManifest.Presentation::attack).map(PadManifest.Presentation::kind))
                .containsOnly("print", "screen", "nir-print").hasSize(12);
        for (PadManifest.Presentation p : presentations) {
            if (!p.attack()) {
                assertThat(Files.readAllBytes(p.visible())).isEqualTo(Files.readAllBytes(dir.resolve("vis").resolve(p.source())));
                assertThat(Files.readAllBytes(p.nearInfrared().orElseThrow()))
                        .isEqualTo(Files.readAllBytes(dir.resolve("nir").resolve(p.source())));
            } else {
                PalmImage seen = PalmImage.decode(Files.readAllBytes(p.visible()));
                assertThat(seen.width()).isEqualTo(128);
                assertThat(seen).isNotEqualTo(PalmImage.decode(Files.readAllBytes(dir.resolve("vis").resolve(p.source()))));
            }
        }
        String model = Files.readString(dir.resolve("set/attack-model.txt"), StandardCharsets.UTF_8);
        assertThat(model).contains("seed = 3", "printHalftonePeriodPixels", "nirScreenDarkLevels", "not physical attacks");
    }

    @Test
    void aScreenIsDarkInTheNearInfraredBand(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 1, 2, 5);
        assertThat(run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--nir", dir.resolve("nir").toString(),
                "--kind", "screen", "--out", dir.resolve("set").toString()).exitCode()).isZero();
        for (PadManifest.Presentation p : PadManifest.read(dir.resolve("set")).presentations()) {
            double nirMean = mean(PalmImage.decode(Files.readAllBytes(p.nearInfrared().orElseThrow())));
            if (p.attack()) assertThat(nirMean).isLessThan(40);
            else assertThat(nirMean).isGreaterThan(100);
        }
    }

    /**
     * The independent generator through the command: every kind written with both bands, its own
     * parameters in attack-model.txt, same seed same bytes, and each kind's physics: a print is the
     * same printed lines in both bands (high cross-band correlation of the ink), a screen's NIR
     * frame carries almost nothing of the palm.
     */
    @Test
    void theIndependentModelWritesEveryKindWithItsOwnParameters(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 1, 2, 5);
        for (String out : new String[] {"a", "b"}) {
            Run run = run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--nir", dir.resolve("nir").toString(),
                    "--kind", "print,screen,nir-print", "--out", dir.resolve(out).toString(), "--seed", "4", "--model", "independent");
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        String model = Files.readString(dir.resolve("a/attack-model.txt"), StandardCharsets.UTF_8);
        assertThat(model).contains("model = independent", "IndependentAttacks", "printerDotsPerInch", "displayNirReflectance",
                "bandRegistrationPixels").doesNotContain("printHalftonePeriodPixels");
        List<PadManifest.Presentation> presentations = PadManifest.read(dir.resolve("a")).presentations();
        assertThat(presentations.stream().filter(PadManifest.Presentation::attack).map(PadManifest.Presentation::kind))
                .containsOnly("print", "screen", "nir-print").hasSize(6);
        for (PadManifest.Presentation p : presentations) {
            Path relative = dir.resolve("a").relativize(p.visible());
            assertThat(Files.readAllBytes(p.visible())).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(relative)));
            if (!p.attack()) continue;
            double agreement = correlation(PalmImage.decode(Files.readAllBytes(p.visible())),
                    PalmImage.decode(Files.readAllBytes(p.nearInfrared().orElseThrow())));
            if (p.kind().equals("screen")) assertThat(agreement).as(p.source()).isLessThan(0.6);
            else assertThat(agreement).as(p.kind() + " " + p.source()).isGreaterThan(0.6);
        }
    }

    private static double correlation(PalmImage a, PalmImage b) {
        double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            double x = (a.pixels()[i] & 0xFF) - ma, y = (b.pixels()[i] & 0xFF) - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb + 1e-9);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 1, 1, 5);
        for (String[] a : new String[][] {{"a", "1"}, {"b", "1"}, {"c", "2"}}) {
            assertThat(run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--kind", "print",
                    "--out", dir.resolve(a[0]).toString(), "--seed", a[1]).exitCode()).isZero();
        }
        String png = "print/visible/p00_00.png";
        assertThat(Files.readAllBytes(dir.resolve("a").resolve(png))).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(png)));
        assertThat(Files.readAllBytes(dir.resolve("a").resolve(png))).isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve(png)));
        assertThat(Files.exists(dir.resolve("a/print/nir"))).as("single camera: no NIR band").isFalse();
    }

    @Test
    void refusesNirPrintWithoutNirAndUnknownKinds(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 1, 1, 5);
        Run nirPrint = run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--kind", "nir-print", "--out", dir.resolve("o").toString());
        assertThat(nirPrint.exitCode()).isNotZero();
        assertThat(nirPrint.err()).contains("nir-print needs --nir");
        Run unknown = run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--kind", "mask", "--out", dir.resolve("o").toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("unknown kind 'mask'");
        Run model = run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--kind", "print", "--model", "glossy",
                "--out", dir.resolve("o").toString());
        assertThat(model.exitCode()).isNotZero();
        assertThat(model.err()).contains("--model must be default, hard or independent");
        assertThat(Files.exists(dir.resolve("o"))).isFalse();
    }

    private static double mean(PalmImage image) {
        double s = 0;
        for (byte b : image.pixels()) s += b & 0xFF;
        return s / (image.width() * image.height());
    }
}
