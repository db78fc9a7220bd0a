package org.openpalm.payments.identify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.biometrics.Candidate;
import org.openpalm.biometrics.Decision;
import org.openpalm.biometrics.Hint;
import org.openpalm.biometrics.IndexConfig;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ScoreScale;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * {@link PalmIdentifier} over the biometrics {@link PalmIndex} (coarse-to-fine 1:N search). Every
 * template of an enrolment is one index entry ({@code <enrolment id>#<n>}) tagged with the
 * enrolment's hint (the phone's last four digits), so a search with a hint scans only that
 * sub-gallery, and the index derives its threshold from the number of palms actually searched.
 *
 * <p><b>Decision rule</b> (the index's {@link Decision}, with the candidates grouped by enrolment):
 * <ul>
 *   <li>{@code Match}: identified.</li>
 *   <li>{@code Undecided}: when the two close candidates are captures of the same enrolment, the
 *       next other enrolment decides (identified unless it too is above the threshold and within
 *       the margin). Otherwise: without a hint, the hint is needed; with a hint, not recognised
 *       (two look-alike palms with the same four digits: paying either would be a guess).</li>
 *   <li>{@code NoMatch}: without a hint, when the best score still reaches the lower "plausible"
 *       threshold ({@link IdentifierConfig#plausibleFalsePositiveIdentificationRate} over the
 *       whole gallery), the hint is needed: the sub-gallery search that follows has a lower match
 *       threshold, so a genuine palm that scored a little low gets a second chance, while a
 *       stranger is still refused there. Otherwise, and always with a hint: not recognised.</li>
 * </ul>
 * Thread-safe: searches run concurrently; enrol and remove briefly lock the index.
 */
public final class IndexedPalmIdentifier implements PalmIdentifier {
    /** Candidates fetched per search: enough to look past the other captures of the best enrolment. */
    private static final int CANDIDATES = 16;
    private static final char SEPARATOR = '#';

    private final IdentifierConfig config;
    private final PalmIndex index;
    /** Enrolment -> number of its templates in the index. */
    private final Map<EnrolmentId, Integer> templates = new ConcurrentHashMap<>();

    public IndexedPalmIdentifier(IdentifierConfig config) {
        this(config, Optional.empty());
    }

    /**
     * An identifier whose index holds only templates protected with {@code protection} (see
     * {@link org.openpalm.biometrics.ProtectedTemplate}); identifications are the same as without.
     */
    public IndexedPalmIdentifier(IdentifierConfig config, TemplateProtectionKey protection) {
        this(config, Optional.of(protection));
    }

    private IndexedPalmIdentifier(IdentifierConfig config, Optional<TemplateProtectionKey> protection) {
        this.config = config;
        IndexConfig indexConfig = indexConfig(config);
        this.index = protection.map(key -> new PalmIndex(indexConfig, key)).orElseGet(() -> new PalmIndex(indexConfig));
    }

    /** The index configuration this identifier's settings make (a clustered gallery uses the same per partition). */
    public static IndexConfig indexConfig(IdentifierConfig config) {
        IndexConfig d = IndexConfig.DEFAULT;
        return new IndexConfig(config.falsePositiveIdentificationRate(), config.undecidedMarginPoints(),
                config.fineCandidates(), d.coarseShiftRangeCells(), d.coarseShiftStepCells(), d.coarseMinBlocks(), d.segmentPalms(),
                Math.min(d.minFineCandidates(), config.fineCandidates()), d.palmsPerFineCandidate());
    }

    @Override
    public void enrol(EnrolmentId enrolment, List<PalmTemplate> palms, PalmHint hint) {
        if (palms.isEmpty()) throw new IllegalArgumentException("at least one template");
        Hint tag = tagOf(hint);
        templates.compute(enrolment, (id, before) -> {
            for (int i = 0; i < palms.size(); i++) index.put(entry(id, i), palms.get(i), tag);
            for (int i = palms.size(); before != null && i < before; i++) index.remove(entry(id, i));
            return palms.size();
        });
    }

    @Override
    public void remove(EnrolmentId enrolment) {
        templates.computeIfPresent(enrolment, (id, count) -> {
            for (int i = 0; i < count; i++) index.remove(entry(id, i));
            return null;
        });
    }

    @Override
    public int size() {
        return templates.size();
    }

    /** Palm templates in the index (an enrolment may hold several). */
    public int templateCount() {
        return index.size();
    }

    @Override
    public Identification identify(PalmTemplate probe, Optional<PalmHint> hint) {
        org.openpalm.biometrics.Identification found = hint.isPresent()
                ? index.identify(probe, CANDIDATES, tagOf(hint.get()))
                : index.identify(probe, CANDIDATES);
        return decide(config, found, hint);
    }

    /** Candidates a search fetches: enough to look past the other captures of the best enrolment. */
    public static int candidatesPerSearch() {
        return CANDIDATES;
    }

    /**
     * The decision rule above applied to an index's answer whose candidates are index entries of
     * {@link #entry}: shared with a gallery searched in parts (a cluster), which merges the parts'
     * candidates into one {@code found} first.
     */
    public static Identification decide(IdentifierConfig config, org.openpalm.biometrics.Identification found, Optional<PalmHint> hint) {
        List<Scored> ranked = byEnrolment(found.candidates());
        return switch (found.decision()) {
            case Decision.Match m -> new Identification.Identified(enrolmentOf(m.candidate()), m.candidate().score());
            case Decision.Undecided u -> undecided(config, ranked, found.thresholdScore(), hint);
            case Decision.NoMatch n -> {
                if (hint.isPresent() || ranked.isEmpty()) yield new Identification.NotRecognised();
                double plausible = ScoreScale.thresholdForIdentification(config.plausibleFalsePositiveIdentificationRate(), found.searchedPalms());
                long contenders = ranked.stream().filter(s -> s.score() >= plausible).count();
                yield contenders > 0 ? new Identification.HintNeeded((int) contenders) : new Identification.NotRecognised();
            }
        };
    }

    private static Identification undecided(IdentifierConfig config, List<Scored> ranked, double threshold, Optional<PalmHint> hint) {
        Scored best = ranked.getFirst();
        boolean close = ranked.size() > 1 && ranked.get(1).score() >= threshold
                && best.score() - ranked.get(1).score() < config.undecidedMarginPoints();
        if (!close) return new Identification.Identified(best.enrolment(), best.score());
        if (hint.isPresent()) return new Identification.NotRecognised();
        return new Identification.HintNeeded((int) ranked.stream().filter(s -> s.score() >= threshold).count());
    }

    private record Scored(EnrolmentId enrolment, double score) {}

    /** The best score of each enrolment, best first (candidates come best first). */
    private static List<Scored> byEnrolment(List<Candidate> candidates) {
        Map<EnrolmentId, Scored> best = new LinkedHashMap<>();
        for (Candidate c : candidates) best.putIfAbsent(enrolmentOf(c), new Scored(enrolmentOf(c), c.score()));
        return new ArrayList<>(best.values());
    }

    /** The index entry of an enrolment's {@code n}-th template. */
    public static org.openpalm.biometrics.EnrolmentId entry(EnrolmentId enrolment, int n) {
        return new org.openpalm.biometrics.EnrolmentId(enrolment.value() + SEPARATOR + n);
    }

    private static EnrolmentId enrolmentOf(Candidate c) {
        String key = c.id().value();
        return new EnrolmentId(key.substring(0, key.lastIndexOf(SEPARATOR)));
    }

    /** The index tag of a hint: its four digits as a number (0 to 9999). */
    public static Hint tagOf(PalmHint hint) {
        return Hint.of(Integer.parseInt(hint.lastFourDigits()));
    }
}
