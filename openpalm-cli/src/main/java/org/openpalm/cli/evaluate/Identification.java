package org.openpalm.cli.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identification protocol of the datasets README. Per subject the first session's first
 * sample is enrolled (the gallery); every other image is a probe searched against the gallery.
 *
 * <ul>
 *   <li>rank-1: a probe counts when its own enrolment scores strictly above every other enrolment
 *       (a tie is not an identification: the system could not tell who it was);
 *   <li>open set: every probe is a mated search against the whole gallery and, with its own
 *       subject's enrolment left out, a non-mated search. FNIR(t) is the fraction of mated
 *       searches whose own enrolment is not the rank-1 candidate at score at least t; FPIR(t)
 *       the fraction of non-mated searches whose best candidate scores at least t.
 * </ul>
 * Failures to acquire score {@link PairScores#FAILED}: a probe or enrolment without a template
 * is never identified and never falsely returned.
 *
 * @param enrolled     gallery size, one per subject
 * @param probes       number of searches
 * @param rank1        fraction of probes identified at rank 1
 * @param mated        per probe, its mated search score ({@code -Infinity} when not rank 1)
 * @param nonMated     per probe, the best score among other subjects' enrolments
 */
public record Identification(int enrolled, int probes, double rank1, double[] mated, double[] nonMated) {
    public static final double TARGET_FPIR = 1e-2;

    public Identification {
        mated = mated.clone();
        nonMated = nonMated.clone();
    }

    /** Empty when no subject has a second image, so there is nothing to search. */
    public static Optional<Identification> of(List<ManifestEntry> entries, PairScores scores) {
        if (entries.size() != scores.images()) {
            throw new IllegalArgumentException(entries.size() + " entries but " + scores.images() + " scored images");
        }
        Comparator<Integer> firstCapture = Comparator.<Integer>comparingInt(i -> entries.get(i).session())
                .thenComparingInt(i -> entries.get(i).sample())
                .thenComparingInt(i -> i);
        Map<String, Integer> gallery = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            gallery.merge(entries.get(i).subject(), i, (a, b) -> firstCapture.compare(a, b) <= 0 ? a : b);
        }
        List<Integer> probes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (gallery.get(entries.get(i).subject()) != i) probes.add(i);
        }
        if (probes.isEmpty()) return Optional.empty();

        double[] mated = new double[probes.size()];
        double[] nonMated = new double[probes.size()];
        int hits = 0;
        for (int p = 0; p < probes.size(); p++) {
            int probe = probes.get(p);
            String subject = entries.get(probe).subject();
            double own = scores.score(probe, gallery.get(subject));
            double bestOther = PairScores.FAILED;
            for (Map.Entry<String, Integer> g : gallery.entrySet()) {
                if (!g.getKey().equals(subject)) bestOther = Math.max(bestOther, scores.score(probe, g.getValue()));
            }
            boolean rankOne = own > bestOther;
            if (rankOne) hits++;
            mated[p] = rankOne ? own : PairScores.FAILED;
            nonMated[p] = bestOther;
        }
        return Optional.of(new Identification(gallery.size(), probes.size(), (double) hits / probes.size(),
                mated, nonMated));
    }

    /** The open-set curve: mated searches play genuine, non-mated play impostor. */
    public Roc openSet() {
        return Roc.of(mated, nonMated);
    }

    /** FNIR (as {@code fnmr}) at the smallest threshold whose FPIR (as {@code fmr}) is at most 1e-2. */
    public OperatingPoint fnirAtFpir() {
        return openSet().atFmr(TARGET_FPIR);
    }

    @Override
    public double[] mated() {
        return mated.clone();
    }

    @Override
    public double[] nonMated() {
        return nonMated.clone();
    }
}
