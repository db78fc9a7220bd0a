package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On the checking part of the real ROI datasets (even-numbered subjects: nobody tunes a constant
 * on them, see {@link Datasets#checkingPart}), at the documented threshold ({@link ScoreScale#DEFAULT_THRESHOLD},
 * FMR 1e-4): genuine pairs pass, impostor pairs fail, and every probe's best gallery match is
 * its own palm (identification protocol of ../shared/datasets/README.md).
 */
class RoiDatasetAccuracyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // dataset,           max FNMR, max FMR
        "tongji-roi,          0.005,    0.0003",
        "polyu-ms-green-roi,  0.0,      0.0",
        "polyu-ms-nir-roi,    0.0,      0.0"
    })
    void genuinePairsPassAndImpostorPairsFailAtTheDocumentedThreshold(String dataset, double maxFnmr, double maxFmr) {
        List<Datasets.Sample> samples = Datasets.checkingPart(dataset);
        List<PalmTemplate> templates = samples.stream().map(s -> PalmTemplate.fromRoi(s.image())).toList();
        double threshold = ScoreScale.DEFAULT_THRESHOLD;
        int genuine = 0, falseNonMatches = 0, impostor = 0, falseMatches = 0;
        for (int i = 0; i < templates.size(); i++) {
            PalmMatcher matcher = new PalmMatcher(templates.get(i));
            for (int j = i + 1; j < templates.size(); j++) {
                double score = matcher.match(templates.get(j));
                if (samples.get(i).subject().equals(samples.get(j).subject())) {
                    genuine++;
                    if (score < threshold) falseNonMatches++;
                } else {
                    impostor++;
                    if (score >= threshold) falseMatches++;
                }
            }
        }
        System.out.printf("%s: %d genuine pairs, %d below %.2f; %d impostor pairs, %d at or above%n",
                dataset, genuine, falseNonMatches, threshold, impostor, falseMatches);
        assertThat(genuine).isPositive();
        assertThat(impostor).isPositive();
        assertThat((double) falseNonMatches / genuine).as("FNMR").isLessThanOrEqualTo(maxFnmr);
        assertThat((double) falseMatches / impostor).as("FMR").isLessThanOrEqualTo(maxFmr);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tongji-roi", "polyu-ms-green-roi", "polyu-ms-nir-roi"})
    void everyProbeFindsItsOwnPalmFirst(String dataset) {
        List<Datasets.Sample> samples = Datasets.checkingPart(dataset);
        // gallery: each subject's first sample of its first session
        Map<String, PalmTemplate> gallery = new TreeMap<>();
        Map<String, Datasets.Sample> enrolled = new TreeMap<>();
        for (Datasets.Sample s : samples) {
            Datasets.Sample current = enrolled.get(s.subject());
            if (current == null || s.session() < current.session()) enrolled.put(s.subject(), s);
        }
        enrolled.forEach((subject, s) -> gallery.put(subject, PalmTemplate.fromRoi(s.image())));
        int probes = 0, correct = 0;
        for (Datasets.Sample s : samples) {
            if (enrolled.get(s.subject()) == s) continue;
            PalmMatcher matcher = new PalmMatcher(PalmTemplate.fromRoi(s.image()));
            String best = gallery.entrySet().stream()
                    .max((a, b) -> Double.compare(matcher.match(a.getValue()), matcher.match(b.getValue())))
                    .orElseThrow().getKey();
            probes++;
            if (best.equals(s.subject())) correct++;
        }
        assertThat(probes).isPositive();
        assertThat(correct).as("rank-1 hits of " + probes).isEqualTo(probes);
    }
}
