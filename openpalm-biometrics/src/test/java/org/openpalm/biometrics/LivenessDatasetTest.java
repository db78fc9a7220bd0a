package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default liveness configuration on the PolyU bona fide pairs (green + NIR bands of the same
 * captures) and attacks made from them. The default models were fitted on these very captures,
 * so this checks the shipped configuration; the subject-disjoint figures come from
 * {@code openpalm pad evaluate} (PadEvaluateDatasetTest).
 */
class LivenessDatasetTest {
    @Test
    void defaultConfigurationPassesPolyuPairsAndRefusesAttacksMadeFromThem() {
        List<Datasets.Sample> green = Datasets.load("polyu-ms-green-roi");
        Map<String, PalmImage> nir = new HashMap<>();
        for (Datasets.Sample s : Datasets.load("polyu-ms-nir-roi")) nir.put(s.file(), s.image());
        LivenessDetector detector = new LivenessDetector();
        SimulatedAttacks attacks = new SimulatedAttacks();
        int refusedLive = 0, passedAttacks = 0, attacksMade = 0;
        for (int i = 0; i < green.size(); i++) {
            BandPair pair = BandPair.dualBand(green.get(i).image(), nir.get(green.get(i).file()));
            if (detector.judge(pair) instanceof LivenessVerdict.PresentationAttack) refusedLive++;
            if (i % 4 == 0) { // a quarter of the captures keeps the test short
                for (AttackKind kind : AttackKind.values()) {
                    attacksMade++;
                    if (detector.judge(attacks.attack(kind, pair, i)) instanceof LivenessVerdict.Live) passedAttacks++;
                }
            }
        }
        assertThat(refusedLive).as("live pairs refused of %d", green.size()).isLessThanOrEqualTo(green.size() / 100);
        assertThat(passedAttacks).as("attacks passed of %d", attacksMade).isZero();
    }
}
