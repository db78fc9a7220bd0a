package org.openpalm.biometrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How far a presentation's cues are from live captures: for each cue, its distance above the
 * live mean in live standard deviations; the score is the largest of these (one cue far off is
 * enough). A score at or above {@link #thresholdSigmas} is an attack.
 *
 * <p>Fitted on bona fide captures only ({@link #fit}), so it does not learn the simulated
 * attacks' particular look: any presentation whose cues leave the live range is refused.
 *
 * @param cues            the live mean and spread of each cue, in cue order
 * @param thresholdSigmas decision threshold on the score, in live standard deviations
 */
public record LivenessModel(List<CueScale> cues, double thresholdSigmas) {

    /** The live distribution of one cue. */
    public record CueScale(String name, double liveMean, double liveSpread) {
        public CueScale {
            if (!(liveSpread > 0) || !Double.isFinite(liveMean)) {
                throw new IllegalArgumentException("cue " + name + ": live spread must be positive and mean finite");
            }
        }
    }

    /** Floor on a cue's spread, so a cue that is nearly constant on live captures cannot make every tiny deviation an attack. */
    private static final double MIN_SPREAD = 1e-3;

    public LivenessModel {
        cues = List.copyOf(cues);
        if (cues.isEmpty()) throw new IllegalArgumentException("a liveness model needs at least one cue");
        if (!Double.isFinite(thresholdSigmas)) throw new IllegalArgumentException("thresholdSigmas must be finite");
    }

    /** Score of {@code measured}: its cues must be this model's, in the same order. */
    public double score(LivenessCues measured) {
        if (measured.cues().size() != cues.size()) {
            throw new IllegalArgumentException("expected cues " + names() + ", got " + measured.names());
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cues.size(); i++) {
            CueScale scale = cues.get(i);
            LivenessCues.Cue cue = measured.cues().get(i);
            if (!cue.name().equals(scale.name())) throw new IllegalArgumentException("expected cue " + scale.name() + ", got " + cue.name());
            worst = Math.max(worst, (cue.value() - scale.liveMean()) / scale.liveSpread());
        }
        return worst;
    }

    /** The cue that decided the score (the farthest from live). */
    public String strongestCue(LivenessCues measured) {
        int best = 0;
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cues.size(); i++) {
            double z = (measured.cues().get(i).value() - cues.get(i).liveMean()) / cues.get(i).liveSpread();
            if (z > worst) {
                worst = z;
                best = i;
            }
        }
        return cues.get(best).name();
    }

    public boolean isAttack(double score) {
        return score >= thresholdSigmas;
    }

    public LivenessModel withThreshold(double sigmas) {
        return new LivenessModel(cues, sigmas);
    }

    public List<String> names() {
        return cues.stream().map(CueScale::name).toList();
    }

    /**
     * Fits the live means and spreads on {@code bonaFide}, then the lowest threshold that refuses
     * at most {@code targetBpcer} of them (so at least one, the highest, is accepted).
     */
    public static LivenessModel fit(List<LivenessCues> bonaFide, double targetBpcer) {
        if (bonaFide.size() < 2) throw new IllegalArgumentException("fitting needs at least two bona fide presentations");
        if (!(targetBpcer >= 0 && targetBpcer < 1)) throw new IllegalArgumentException("targetBpcer must be in [0,1)");
        List<String> names = bonaFide.getFirst().names();
        List<CueScale> scales = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double sum = 0, sumSq = 0;
            for (LivenessCues c : bonaFide) {
                if (!c.names().equals(names)) throw new IllegalArgumentException("bona fide presentations have different cues");
                double v = c.cues().get(i).value();
                sum += v;
                sumSq += v * v;
            }
            double mean = sum / bonaFide.size();
            double spread = Math.sqrt(Math.max(0, sumSq / bonaFide.size() - mean * mean));
            scales.add(new CueScale(names.get(i), mean, Math.max(spread, MIN_SPREAD)));
        }
        LivenessModel unthresholded = new LivenessModel(scales, 0);
        double[] scores = bonaFide.stream().mapToDouble(unthresholded::score).sorted().toArray();
        return unthresholded.withThreshold(thresholdForBpcer(scores, targetBpcer));
    }

    /**
     * The lowest threshold at which at most {@code targetBpcer} of the sorted live scores are at
     * or above it: just above the score that must still be accepted.
     */
    public static double thresholdForBpcer(double[] sortedLiveScores, double targetBpcer) {
        int mayRefuse = (int) Math.floor(targetBpcer * sortedLiveScores.length + 1e-9);
        double highestAccepted = sortedLiveScores[sortedLiveScores.length - 1 - mayRefuse];
        return Math.nextUp(highestAccepted);
    }

    @Override
    public String toString() {
        return "LivenessModel" + Arrays.toString(cues.toArray()) + " threshold " + thresholdSigmas;
    }
}
