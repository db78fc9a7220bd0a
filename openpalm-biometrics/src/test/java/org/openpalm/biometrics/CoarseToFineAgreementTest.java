package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coarse-to-fine search must find what exhaustive search finds. Each real ROI dataset is
 * enrolled (one id per image) among 10,000 synthetic distractors; every image is then a probe,
 * and the best candidate other than itself is compared between {@link PalmIndex#identify} and
 * {@link PalmIndex#identifyExhaustive} (equal id, or equal score on a tie). Smaller shortlists
 * are measured too, to show how many fine candidates the real data needs.
 */
class CoarseToFineAgreementTest {
    private static final int DISTRACTORS = 10_000;
    /** Fixed shortlists, then (0) the default rule, which scales the shortlist with the gallery. */
    private static final int[] SHORTLISTS = {8, 32, IndexConfig.DEFAULT.fineCandidates(), 0};
    private static List<PalmTemplate> distractors;

    @BeforeAll
    static void makeDistractors() {
        // Not in a static initialiser: a parallel stream there deadlocks on the class's own initialisation.
        SyntheticTemplates synth = new SyntheticTemplates(2024);
        distractors = IntStream.range(0, DISTRACTORS).parallel().mapToObj(synth::enrolment).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tongji-roi", "polyu-ms-green-roi", "polyu-ms-nir-roi"})
    void topOneEqualsExhaustiveSearch(String dataset) {
        List<RealDatasets.Sample> samples = RealDatasets.load(dataset);
        Candidate[] reference = null;
        double defaultAgreement = 0;
        StringBuilder report = new StringBuilder(dataset + ": " + samples.size() + " probes, gallery "
                + (samples.size() + DISTRACTORS) + ";");
        for (int shortlist : SHORTLISTS) {
            PalmIndex index = new PalmIndex(shortlist == 0 ? IndexConfig.DEFAULT : IndexConfig.DEFAULT.withFineCandidates(shortlist));
            for (int i = 0; i < DISTRACTORS; i++) index.put(EnrolmentId.of("synthetic-" + i), distractors.get(i));
            for (RealDatasets.Sample s : samples) index.put(EnrolmentId.of(s.file()), s.template());
            if (reference == null) {
                reference = new Candidate[samples.size()];
                for (int p = 0; p < samples.size(); p++) {
                    reference[p] = bestOther(index.identifyExhaustive(samples.get(p).template(), 2), samples.get(p));
                }
            }
            int agree = 0;
            for (int p = 0; p < samples.size(); p++) {
                Candidate fast = bestOther(index.identify(samples.get(p).template(), 2).candidates(), samples.get(p));
                if (fast.id().equals(reference[p].id()) || fast.score() == reference[p].score()) agree++;
            }
            double agreement = (double) agree / samples.size();
            String name = shortlist == 0 ? "default rule (" + IndexConfig.DEFAULT.fineCandidatesFor(index.size()) + ")" : "shortlist " + shortlist;
            report.append(String.format(" %s: %d/%d (%.2f%%)", name, agree, samples.size(), 100 * agreement));
            if (shortlist == 0) defaultAgreement = agreement;
        }
        System.out.println(report);
        assertThat(defaultAgreement).as(report.toString()).isGreaterThanOrEqualTo(0.999);
    }

    private static Candidate bestOther(List<Candidate> candidates, RealDatasets.Sample self) {
        return candidates.stream().filter(c -> !c.id().value().equals(self.file())).findFirst().orElseThrow();
    }
}
