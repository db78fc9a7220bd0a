package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdentificationTest {
    private static final double F = PairScores.FAILED;

    @Test
    void enrolsTheFirstSessionsFirstSampleAndSearchesTheRest() {
        // Subject b's enrolment (session 1 sample 1) is listed after its probe on purpose.
        List<ManifestEntry> entries = List.of(
                entry("a1", "a", 1, 1), entry("a2", "a", 2, 1),
                entry("b2", "b", 2, 1), entry("b1", "b", 1, 1),
                entry("c1", "c", 1, 1), entry("c2", "c", 2, 1));
        // Indices: a1=0 a2=1 b2=2 b1=3 c1=4 c2=5. Gallery: a1, b1, c1. Probes: a2, b2, c2.
        double[][] m = new double[6][6];
        m[0][1] = 80; m[1][3] = 30; m[1][4] = 20; // a2: own 80 beats 30 and 20: a hit
        m[2][3] = 40; m[0][2] = 50; m[2][4] = 10; // b2: own 40 loses to a1's 50: a miss
        m[4][5] = 60; m[0][5] = 60; m[3][5] = 5;  // c2: own 60 ties a1's 60: a miss, never a guess
        Identification id = Identification.of(entries, PairScores.ofMatrix(m)).orElseThrow();

        assertThat(id.enrolled()).isEqualTo(3);
        assertThat(id.probes()).isEqualTo(3);
        assertThat(id.rank1()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(id.mated()).containsExactly(80, F, F);
        assertThat(id.nonMated()).containsExactly(30, 50, 60);
        // FPIR <= 1e-2 of 3 non-mated searches means none above the threshold: it must exceed 60.
        assertThat(id.fnirAtFpir()).isEqualTo(new OperatingPoint(80, 0.0, 2.0 / 3));
    }

    @Test
    void failuresToAcquireAreNeverIdentifiedNorReturned() {
        List<ManifestEntry> entries = List.of(
                entry("a1", "a", 1, 1), entry("a2", "a", 1, 2),
                entry("b1", "b", 1, 1), entry("b2", "b", 1, 2));
        double[][] m = new double[4][4];
        m[0][1] = F; m[1][2] = F; // a2 has no template
        m[2][3] = F; m[0][3] = 30; // b1, b's enrolment, has no template: b2 cannot be found
        Identification id = Identification.of(entries, PairScores.ofMatrix(m)).orElseThrow();

        assertThat(id.rank1()).isZero();
        assertThat(id.mated()).containsExactly(F, F);
        assertThat(id.nonMated()).containsExactly(F, 30);
    }

    @Test
    void nothingToSearchWhenEverySubjectHasOneImage() {
        List<ManifestEntry> entries = List.of(entry("a1", "a", 1, 1), entry("b1", "b", 1, 1));

        assertThat(Identification.of(entries, PairScores.ofMatrix(new double[2][2]))).isEmpty();
    }

    @Property
    void separatedScoresIdentifyEveryProbe(
            @ForAll @IntRange(min = 2, max = 6) int subjects, @ForAll @IntRange(min = 2, max = 5) int samples) {
        List<ManifestEntry> entries = new java.util.ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            for (int k = 1; k <= samples; k++) entries.add(entry(s + "_" + k, "s" + s, 1 + k / 3, k));
        }
        int n = entries.size();
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean same = entries.get(i).subject().equals(entries.get(j).subject());
                m[i][j] = same ? 60 + (i * 7 + j) % 40 : (i * 13 + j) % 50;
            }
        }
        Identification id = Identification.of(entries, PairScores.ofMatrix(m)).orElseThrow();

        assertThat(id.rank1()).isEqualTo(1.0);
        assertThat(id.fnirAtFpir().fnmr()).isZero();
        assertThat(id.probes()).isEqualTo(subjects * (samples - 1));
    }

    private static ManifestEntry entry(String file, String subject, int session, int sample) {
        return new ManifestEntry(file, subject, "unknown", session, sample);
    }
}
