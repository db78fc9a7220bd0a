package org.openpalm.cli.pad;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.LivenessConfig;
import org.openpalm.cli.evaluate.Datasets;

/**
 * The issue's figures on attacks made from the PolyU green + NIR pairs (skipped, with a message,
 * without the datasets): dual band APCER <= 0.01 per kind with BPCER <= 0.01 and IAPAR 0;
 * single camera BPCER <= 0.05 at its default threshold. Subject-disjoint (5 folds).
 */
class PadDatasetTest {
    @Test
    void polyuDualBandMeetsTheIssueFigures(@TempDir Path dir) throws Exception {
        dualBandFigures(dir, "default", "7");
    }

    /** The same on the harder attack model (which led to band_agreement's coarser band). */
    @Test
    void polyuDualBandMeetsTheIssueFiguresOnTheHardAttackModel(@TempDir Path dir) throws Exception {
        dualBandFigures(dir, "hard", "8");
    }

    /**
     * The same on the independently written generator ({@code --model independent}): printer dpi
     * and halftone, display subpixels, LCD NIR reflectance, perspective, band misregistration.
     */
    @Test
    void polyuDualBandMeetsTheIssueFiguresOnTheIndependentAttackModel(@TempDir Path dir) throws Exception {
        dualBandFigures(dir, "independent", "11");
    }

    /**
     * Another bona fide source: the Tongji ROIs (another camera and lighting; visible band only)
     * against the shipped single-camera model, fitted on PolyU only: BPCER within the issue's
     * 0.05, and the default attack set's prints and screens refused.
     */
    @Test
    @SuppressWarnings("unchecked")
    void tongjiSingleCameraKeepsBpcerWithinTargetWithTheModelFittedOnPolyu(@TempDir Path dir) throws Exception {
        Path tongji = Datasets.require("tongji-roi");
        AttacksCommandTest.Run made = AttacksCommandTest.run("pad", "attacks", "--visible", tongji.toString(),
                "--kind", "print,screen", "--out", dir.toString(), "--seed", "7");
        assertThat(made.exitCode()).as(made.err()).isZero();
        Map<String, Object> report = new PadEvaluation(5, 0.01, LivenessConfig.DEFAULT.dualBand().thresholdSigmas(),
                LivenessConfig.DEFAULT.singleCamera().thresholdSigmas()).evaluate(dir);
        System.out.println("pad evaluate on Tongji attacks: " + report);
        Map<String, Object> shipped = (Map<String, Object>) ((Map<String, Object>) report.get("default_configuration")).get("single_camera");
        assertThat((Double) shipped.get("bpcer")).isLessThanOrEqualTo(0.05);
        assertThat((Map<String, Double>) shipped.get("apcer")).hasSize(2).allSatisfy((kind, apcer) -> assertThat(apcer).isLessThanOrEqualTo(0.05));
        assertThat((Double) report.get("bpcer")).isLessThanOrEqualTo(0.05);
    }

    @SuppressWarnings("unchecked")
    private static void dualBandFigures(Path dir, String model, String seed) throws Exception {
        Path green = Datasets.require("polyu-ms-green-roi");
        Path nir = Datasets.require("polyu-ms-nir-roi");
        AttacksCommandTest.Run made = AttacksCommandTest.run("pad", "attacks", "--visible", green.toString(), "--nir", nir.toString(),
                "--kind", "print,screen,nir-print", "--out", dir.toString(), "--seed", seed, "--model", model);
        assertThat(made.exitCode()).as(made.err()).isZero();

        Map<String, Object> report = new PadEvaluation(5, 0.01, LivenessConfig.DEFAULT.dualBand().thresholdSigmas(),
                LivenessConfig.DEFAULT.singleCamera().thresholdSigmas()).evaluate(dir);

        System.out.println("pad evaluate on PolyU attacks: " + report);
        Map<String, Double> apcer = (Map<String, Double>) report.get("apcer");
        assertThat(apcer).hasSize(3);
        assertThat(apcer.values()).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(0.01));
        assertThat((Double) report.get("bpcer")).isLessThanOrEqualTo(0.01);
        assertThat((Map<String, Double>) report.get("iapar")).allSatisfy((kind, iapar) -> assertThat(iapar).isZero());
        assertThat((Double) report.get("bpcer100")).isLessThanOrEqualTo(0.01);
        Map<String, Object> single = (Map<String, Object>) report.get("single_camera");
        assertThat((Double) single.get("bpcer")).isLessThanOrEqualTo(0.05); // single camera: BPCER only, its APCER is reported
    }
}
