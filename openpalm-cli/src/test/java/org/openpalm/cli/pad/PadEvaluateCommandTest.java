package org.openpalm.cli.pad;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.LivenessConfig;

/** {@code openpalm pad evaluate} on small generated sets. */
class PadEvaluateCommandTest {
    private static final List<String> KINDS = List.of("nir-print", "print", "screen");

    private static Path dualBandSet(Path dir, String kinds) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 5, 4, 21);
        AttacksCommandTest.Run run = AttacksCommandTest.run("pad", "attacks", "--visible", dir.resolve("vis").toString(),
                "--nir", dir.resolve("nir").toString(), "--kind", kinds, "--out", dir.resolve("set").toString(), "--seed", "4");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return dir.resolve("set");
    }

    @Test
    void jsonHasEveryIsoFigureAndSaysHowThresholdsWereFitted(@TempDir Path dir) throws Exception {
        Path set = dualBandSet(dir, "print,screen,nir-print");
        AttacksCommandTest.Run run = AttacksCommandTest.run("pad", "evaluate", set.toString(), "--json", "--folds", "5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"apcer\"", "\"apcer_worst\"", "\"bpcer\"", "\"bpcer20\"", "\"bpcer100\"", "\"iapar\"",
                "\"nir-print\"", "\"screen\"", "\"single_camera\"", "subject-disjoint 5 folds", "not physical");
    }

    @SuppressWarnings("unchecked")
    @Test
    void dualBandRefusesEveryKindOnHeldOutPalmsAndFiguresAreConsistent(@TempDir Path dir) throws Exception {
        Path set = dualBandSet(dir, "print,screen,nir-print");
        Map<String, Object> report = new PadEvaluation(5, 0.01, LivenessConfig.DEFAULT.dualBand().thresholdSigmas(),
                LivenessConfig.DEFAULT.singleCamera().thresholdSigmas()).evaluate(set);

        assertThat(report.get("mode")).isEqualTo("dual_band");
        Map<String, Double> apcer = (Map<String, Double>) report.get("apcer");
        Map<String, Double> iapar = (Map<String, Double>) report.get("iapar");
        Map<String, Double> undefended = (Map<String, Double>) report.get("iapar_without_pad");
        assertThat(apcer).containsOnlyKeys(KINDS);
        assertThat(apcer.values()).allSatisfy(a -> assertThat(a).isZero());
        assertThat(report.get("apcer_worst")).isEqualTo(apcer.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat((Double) report.get("bpcer")).isBetween(0.0, 0.1);
        for (String kind : KINDS) {
            // an attack that imposes passed liveness and was identified: never more than either
            assertThat(iapar.get(kind)).isLessThanOrEqualTo(apcer.get(kind)).isLessThanOrEqualTo(1.0);
            assertThat(iapar.get(kind)).isLessThanOrEqualTo(undefended.get(kind));
        }
        // without liveness a print of the victim's visible image is taken for the victim
        assertThat(undefended.get("print")).isGreaterThan(0.5);
        Map<String, Object> single = (Map<String, Object>) report.get("single_camera");
        assertThat(single).containsKeys("apcer", "apcer_worst", "bpcer", "bpcer20", "bpcer100", "iapar");
    }

    @Test
    void aSingleCameraSetIsJudgedOnTheVisibleFrameAlone(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 4, 4, 8);
        assertThat(AttacksCommandTest.run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--kind", "print,screen",
                "--out", dir.resolve("set").toString()).exitCode()).isZero();
        AttacksCommandTest.Run run = AttacksCommandTest.run("pad", "evaluate", dir.resolve("set").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(single_camera)", "single_camera at 4.0 sigmas", "APCER {print=", "screen=");
        assertThat(run.out()).doesNotContain("dual_band");
    }

    @Test
    void refusesASetWithOneSubjectOrABrokenManifest(@TempDir Path dir) throws Exception {
        LivePalmFixtures.writeDualBand(dir.resolve("vis"), dir.resolve("nir"), 1, 3, 8);
        assertThat(AttacksCommandTest.run("pad", "attacks", "--visible", dir.resolve("vis").toString(), "--kind", "print",
                "--out", dir.resolve("set").toString()).exitCode()).isZero();
        AttacksCommandTest.Run one = AttacksCommandTest.run("pad", "evaluate", dir.resolve("set").toString());
        assertThat(one.exitCode()).isEqualTo(1);
        assertThat(one.err()).contains("subject-disjoint folds need at least 2");

        Files.writeString(dir.resolve("set/manifest.csv"), PadManifest.HEADER + "\na.png,s,maybe,print,a.bmp,visible\n");
        AttacksCommandTest.Run broken = AttacksCommandTest.run("pad", "evaluate", dir.resolve("set").toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("line 2", "presentation must be bona_fide or attack");
    }
}
