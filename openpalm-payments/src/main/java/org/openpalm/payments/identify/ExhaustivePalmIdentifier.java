package org.openpalm.payments.identify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ScoreScale;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * Compares the probe with every enrolled palm. Candidates are those at or above the threshold for
 * FMR = FPIR / N. One candidate: identified. Several: the hint (if given) picks among them, else
 * a hint is needed. Thread-safe; no lock is held while matching.
 */
public final class ExhaustivePalmIdentifier implements PalmIdentifier {
    private record Entry(List<PalmTemplate> templates, PalmHint hint) {}

    private record Scored(EnrolmentId id, PalmHint hint, double score) {}

    private final Map<EnrolmentId, Entry> gallery = new ConcurrentHashMap<>();
    private final IdentifierConfig config;

    public ExhaustivePalmIdentifier(IdentifierConfig config) {
        this.config = config;
    }

    @Override
    public void enrol(EnrolmentId enrolment, List<PalmTemplate> templates, PalmHint hint) {
        if (templates.isEmpty()) throw new IllegalArgumentException("at least one template");
        gallery.put(enrolment, new Entry(List.copyOf(templates), hint));
    }

    @Override
    public void remove(EnrolmentId enrolment) {
        gallery.remove(enrolment);
    }

    @Override
    public int size() {
        return gallery.size();
    }

    public double threshold() {
        double fmr = Math.max(config.minimumFalseMatchRate(), config.falsePositiveIdentificationRate() / Math.max(1, gallery.size()));
        return ScoreScale.thresholdForFalseMatchRate(fmr);
    }

    @Override
    public Identification identify(PalmTemplate probe, Optional<PalmHint> hint) {
        double threshold = threshold();
        PalmMatcher matcher = new PalmMatcher(probe);
        List<Scored> candidates = new ArrayList<>();
        for (Map.Entry<EnrolmentId, Entry> e : gallery.entrySet()) {
            double score = 0;
            for (PalmTemplate t : e.getValue().templates()) score = Math.max(score, matcher.match(t));
            if (score >= threshold) candidates.add(new Scored(e.getKey(), e.getValue().hint(), score));
        }
        if (hint.isPresent()) candidates.removeIf(c -> !c.hint().equals(hint.get()));
        candidates.sort(Comparator.comparingDouble(Scored::score).reversed());
        if (candidates.isEmpty()) return new Identification.NotRecognised();
        if (candidates.size() == 1 || hint.isPresent()) {
            return new Identification.Identified(candidates.getFirst().id(), candidates.getFirst().score());
        }
        return new Identification.HintNeeded(candidates.size());
    }
}
