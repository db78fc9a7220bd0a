package org.openpalm.cli.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Splits a dataset by subject, so that figures can be measured on people the engine was not
 * tuned on. The rule is deterministic and needs no seed: subjects are numbered 1, 2, 3... in the
 * order they first appear in the manifest, and subject number {@code n} goes to fold
 * {@code ((n - 1) mod k) + 1}. With two folds, fold 1 holds the odd-numbered subjects (the
 * <b>tuning</b> part, where constants are chosen) and fold 2 the even-numbered ones (the
 * <b>checking</b> part, where they are judged). Every image of a subject is in its subject's fold:
 * no palm is ever in two parts.
 *
 * @param folds      number of folds, at least 2
 * @param foldOf     subject to its fold, 1 to {@code folds}, in manifest order
 */
public record SubjectFolds(int folds, Map<String, Integer> foldOf) {
    /** The tuning part of {@code --subjects odd}: fold 1 of 2. */
    public static final int TUNING_FOLD = 1;
    /** The checking part of {@code --subjects even}: fold 2 of 2. */
    public static final int CHECKING_FOLD = 2;

    public SubjectFolds {
        if (folds < 2) throw new IllegalArgumentException("at least 2 folds");
        foldOf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(foldOf));
    }

    public static SubjectFolds of(List<ManifestEntry> entries, int folds) {
        if (folds < 2) throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
        Map<String, Integer> foldOf = new LinkedHashMap<>();
        for (ManifestEntry e : entries) {
            if (!foldOf.containsKey(e.subject())) foldOf.put(e.subject(), foldOf.size() % folds + 1);
        }
        if (foldOf.size() < folds) {
            throw new IllegalArgumentException(foldOf.size() + " subjects cannot fill " + folds + " folds");
        }
        return new SubjectFolds(folds, foldOf);
    }

    /** Odd-numbered subjects (fold 1) and even-numbered ones (fold 2). */
    public static SubjectFolds tuningAndChecking(List<ManifestEntry> entries) {
        return of(entries, 2);
    }

    /** The subjects of fold {@code fold} (1-based), in manifest order. */
    public Set<String> subjects(int fold) {
        if (fold < 1 || fold > folds) throw new IllegalArgumentException("fold " + fold + " of " + folds);
        return foldOf.entrySet().stream().filter(e -> e.getValue() == fold).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
