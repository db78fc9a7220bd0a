package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemProtocolTest {
    private static final double F = PairScores.FAILED;

    @Test
    void enrolsTheFirstThreeCapturesOfTheFirstSessionAndProbesWithTheRest() {
        // Subject a: session 2 listed first, and its first session has four captures.
        List<ManifestEntry> entries = List.of(
                entry("a-2-1", "a", 2, 1), entry("a-1-4", "a", 1, 4), entry("a-1-2", "a", 1, 2),
                entry("a-1-1", "a", 1, 1), entry("a-1-3", "a", 1, 3),
                // Subject b: one session of two captures, both enrolled, no probe.
                entry("b-1-1", "b", 1, 1), entry("b-1-2", "b", 1, 2),
                // Subject c: its first session has one capture: enrolled alone; session 2 probes.
                entry("c-2-1", "c", 2, 1), entry("c-1-1", "c", 1, 1), entry("c-2-2", "c", 2, 2));

        SystemScores.Plan plan = SystemScores.plan(entries);

        assertThat(plan.enrolled().get("a")).containsExactly(3, 2, 4); // a-1-1, a-1-2, a-1-3
        assertThat(plan.enrolled().get("b")).containsExactly(5, 6);
        assertThat(plan.enrolled().get("c")).containsExactly(8);
        assertThat(plan.probes()).containsExactly(0, 1, 7, 9); // a-2-1, a-1-4, c-2-1, c-2-2
    }

    @Test
    void knownScoresGiveKnownFigures() {
        // Three palms; four probes. Rows: probe, columns: palms a, b, c.
        SystemScores scores = new SystemScores(List.of("a", "b", "c"), List.of("a", "a", "b", "c"), new double[][] {
            {70, 20, 10}, // a: identified
            {30, 35, 10}, // a: its own palm loses to b: a rank-1 miss
            {15, 60, 25}, // b: identified
            {12, 18, F},  // c: failed to acquire against its own palm, never identified
        });

        SystemProtocol p = SystemProtocol.of(scores).orElseThrow();

        assertThat(p.palms()).isEqualTo(3);
        assertThat(p.probes()).isEqualTo(4);
        assertThat(p.impostorScores()).isEqualTo(8);
        assertThat(p.rank1()).isCloseTo(0.5, within(1e-12));
        // FMR <= 1e-4 of 8 impostor scores accepts none: the threshold is above 35, so 30 and F fail.
        assertThat(p.fnmrAtFmr1e4().threshold()).isGreaterThan(35);
        assertThat(p.fnmrAtFmr1e4().fnmr()).isCloseTo(0.5, within(1e-12));
        // Open set: mated 70, F, 60, F against best others 20, 35, 25, 18: FPIR <= 1e-2 needs t > 35.
        assertThat(p.fnirAtFpir1e2().fnmr()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void restrictingToSubjectsKeepsTheirPalmsAndProbesOnly() {
        SystemScores scores = new SystemScores(List.of("a", "b", "c"), List.of("a", "b", "c"), new double[][] {
            {90, 1, 2}, {3, 80, 4}, {5, 6, 70}});

        SystemScores part = scores.restrictedTo(Set.of("a", "c"));

        assertThat(part.palms()).containsExactly("a", "c");
        assertThat(part.probeSubjects()).containsExactly("a", "c");
        assertThat(part.scores()).isDeepEqualTo(new double[][] {{90, 2}, {5, 70}});
    }

    @Test
    void noFiguresWithoutProbes() {
        SystemScores scores = new SystemScores(List.of("a", "b"), List.of(), new double[0][]);

        assertThat(SystemProtocol.of(scores)).isEmpty();
    }

    private static ManifestEntry entry(String file, String subject, int session, int sample) {
        return new ManifestEntry(file, subject, "unknown", session, sample);
    }
}
