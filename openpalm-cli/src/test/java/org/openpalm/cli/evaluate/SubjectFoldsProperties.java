package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SubjectFoldsProperties {

    @Property
    void everySubjectIsInExactlyOneFoldWithAllItsImages(
            @ForAll @IntRange(min = 2, max = 40) int subjects,
            @ForAll @IntRange(min = 1, max = 6) int imagesPerSubject,
            @ForAll @IntRange(min = 2, max = 8) int requestedFolds,
            @ForAll long shuffleSeed) {
        int k = Math.min(requestedFolds, subjects);
        List<ManifestEntry> entries = shuffledManifest(subjects, imagesPerSubject, shuffleSeed);

        SubjectFolds folds = SubjectFolds.of(entries, k);

        Set<String> seen = new HashSet<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int f = 1; f <= k; f++) {
            Set<String> fold = folds.subjects(f);
            for (String subject : fold) assertThat(seen.add(subject)).as("%s in two folds", subject).isTrue();
            smallest = Math.min(smallest, fold.size());
            largest = Math.max(largest, fold.size());
        }
        assertThat(seen).isEqualTo(entries.stream().map(ManifestEntry::subject).collect(Collectors.toSet()));
        assertThat(largest - smallest).as("fold sizes").isLessThanOrEqualTo(1);
        // Restricting a run to a fold keeps every image of its subjects and no other.
        for (int f = 1; f <= k; f++) {
            Set<String> fold = folds.subjects(f);
            long images = entries.stream().filter(e -> fold.contains(e.subject())).count();
            assertThat(images).isEqualTo((long) fold.size() * imagesPerSubject);
        }
    }

    @Property
    void tuningIsTheOddNumberedSubjectsAndCheckingTheEvenInManifestOrder(
            @ForAll @IntRange(min = 2, max = 30) int subjects, @ForAll long shuffleSeed) {
        List<ManifestEntry> entries = shuffledManifest(subjects, 3, shuffleSeed);
        List<String> order = entries.stream().map(ManifestEntry::subject).distinct().toList();

        SubjectFolds split = SubjectFolds.tuningAndChecking(entries);

        List<String> odd = new ArrayList<>();
        List<String> even = new ArrayList<>();
        for (int n = 1; n <= order.size(); n++) (n % 2 == 1 ? odd : even).add(order.get(n - 1));
        assertThat(split.subjects(SubjectFolds.TUNING_FOLD)).containsExactlyElementsOf(odd);
        assertThat(split.subjects(SubjectFolds.CHECKING_FOLD)).containsExactlyElementsOf(even);
        // Deterministic: the same manifest always splits the same way.
        assertThat(SubjectFolds.tuningAndChecking(entries).foldOf()).isEqualTo(split.foldOf());
    }

    /** Subjects s0..s{n-1} with their images in a random interleaved order. */
    private static List<ManifestEntry> shuffledManifest(int subjects, int imagesPerSubject, long seed) {
        List<ManifestEntry> entries = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            for (int k = 1; k <= imagesPerSubject; k++) {
                entries.add(new ManifestEntry("s" + s + "_" + k + ".png", "s" + s, "unknown", 1, k));
            }
        }
        Collections.shuffle(entries, new Random(seed));
        return entries;
    }

    @Property
    void aRestrictedRunHoldsOnlyPairsAmongItsSubjects(
            @ForAll @IntRange(min = 2, max = 12) int subjects, @ForAll long shuffleSeed) {
        List<ManifestEntry> entries = shuffledManifest(subjects, 2, shuffleSeed);
        int n = entries.size();
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i][j] = i * 1000 + j;
        EvaluationRun run = new EvaluationRun(new Manifest(java.nio.file.Path.of("x"), entries),
                entries.stream().map(e -> (Extraction) new Extraction.Failed("missing_file", e.file())).toList(),
                PairScores.ofMatrix(m), List.of(), List.of(), List.of(),
                new SystemScores(List.of(), List.of(), new double[0][]));
        Set<String> fold = SubjectFolds.tuningAndChecking(entries).subjects(SubjectFolds.CHECKING_FOLD);

        EvaluationRun part = run.restrictedTo(fold);

        List<ManifestEntry> kept = part.manifest().entries();
        assertThat(kept).allMatch(e -> fold.contains(e.subject()));
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) index.put(entries.get(i).file(), i);
        for (int i = 0; i < kept.size(); i++) {
            for (int j = i + 1; j < kept.size(); j++) {
                int a = index.get(kept.get(i).file());
                int b = index.get(kept.get(j).file());
                assertThat(part.scores().score(i, j)).isEqualTo(m[Math.min(a, b)][Math.max(a, b)]);
            }
        }
    }
}
