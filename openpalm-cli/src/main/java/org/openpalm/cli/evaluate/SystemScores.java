package org.openpalm.cli.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;

/**
 * The scores of the protocol the product uses: the kiosk enrols 3 captures per palm. Per subject
 * the first {@link #ENROLLED_CAPTURES} captures of its first session (by session, then sample,
 * then manifest order) are enrolled as one palm; every later capture is a probe, scored against
 * every enrolled palm as the server scores it ({@link PalmMatcher#matchEnrolment}: the best of
 * the palm's captures, the rule of the 1:N index with one entry per capture).
 *
 * <p>A capture without a template is left out of its palm's enrolment; a palm with none left,
 * and a probe without a template, score {@link PairScores#FAILED} (never a match, never dropped).
 *
 * @param palms         enrolled subjects, in manifest order
 * @param probeSubjects the subject of each probe, in manifest order
 * @param scores        {@code scores[probe][palm]}
 */
public record SystemScores(List<String> palms, List<String> probeSubjects, double[][] scores) {
    public static final int ENROLLED_CAPTURES = 3;

    public SystemScores {
        palms = List.copyOf(palms);
        probeSubjects = List.copyOf(probeSubjects);
        if (scores.length != probeSubjects.size()) throw new IllegalArgumentException("one score row per probe");
        double[][] copy = new double[scores.length][];
        for (int p = 0; p < scores.length; p++) {
            if (scores[p].length != palms.size()) throw new IllegalArgumentException("one score per palm");
            copy[p] = scores[p].clone();
        }
        scores = copy;
    }

    /** Which manifest entries are enrolled (per subject, in manifest order of subjects) and which are probes. */
    record Plan(Map<String, List<Integer>> enrolled, List<Integer> probes) {}

    static Plan plan(List<ManifestEntry> entries) {
        Map<String, List<Integer>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            bySubject.computeIfAbsent(entries.get(i).subject(), s -> new ArrayList<>()).add(i);
        }
        Comparator<Integer> captureOrder = Comparator.<Integer>comparingInt(i -> entries.get(i).session())
                .thenComparingInt(i -> entries.get(i).sample())
                .thenComparingInt(i -> i);
        Map<String, List<Integer>> enrolled = new LinkedHashMap<>();
        List<Integer> probes = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> subject : bySubject.entrySet()) {
            List<Integer> ordered = subject.getValue().stream().sorted(captureOrder).toList();
            int firstSession = entries.get(ordered.getFirst()).session();
            List<Integer> palm = ordered.stream().filter(i -> entries.get(i).session() == firstSession)
                    .limit(ENROLLED_CAPTURES).toList();
            enrolled.put(subject.getKey(), palm);
            ordered.stream().filter(i -> !palm.contains(i)).forEach(probes::add);
        }
        probes.sort(Comparator.naturalOrder());
        return new Plan(enrolled, probes);
    }

    /** Scores every probe against every enrolled palm; {@code templates[i]} is null for a failure to acquire. */
    public static SystemScores of(List<ManifestEntry> entries, PalmTemplate[] templates) {
        Plan plan = plan(entries);
        List<String> palms = new ArrayList<>(plan.enrolled().keySet());
        List<List<PalmTemplate>> palmCaptures = new ArrayList<>();
        for (String subject : palms) {
            palmCaptures.add(plan.enrolled().get(subject).stream().map(i -> templates[i])
                    .filter(t -> t != null).toList());
        }
        double[][] scores = new double[plan.probes().size()][palms.size()];
        List<String> probeSubjects = new ArrayList<>();
        for (int p = 0; p < plan.probes().size(); p++) {
            int entry = plan.probes().get(p);
            probeSubjects.add(entries.get(entry).subject());
            PalmTemplate probe = templates[entry];
            PalmMatcher matcher = probe == null ? null : new PalmMatcher(probe);
            for (int q = 0; q < palms.size(); q++) {
                List<PalmTemplate> captures = palmCaptures.get(q);
                scores[p][q] = matcher == null || captures.isEmpty()
                        ? PairScores.FAILED
                        : matcher.matchEnrolment(captures);
            }
        }
        return new SystemScores(palms, probeSubjects, scores);
    }

    /** The scores of these subjects only: their palms and their probes. */
    public SystemScores restrictedTo(Set<String> subjects) {
        List<Integer> keptPalms = new ArrayList<>();
        for (int q = 0; q < palms.size(); q++) if (subjects.contains(palms.get(q))) keptPalms.add(q);
        List<String> keptProbeSubjects = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int p = 0; p < probeSubjects.size(); p++) {
            if (!subjects.contains(probeSubjects.get(p))) continue;
            keptProbeSubjects.add(probeSubjects.get(p));
            double[] row = new double[keptPalms.size()];
            for (int k = 0; k < row.length; k++) row[k] = scores[p][keptPalms.get(k)];
            rows.add(row);
        }
        return new SystemScores(keptPalms.stream().map(palms::get).toList(), keptProbeSubjects,
                rows.toArray(double[][]::new));
    }

    /** Per probe, its score against its own palm ({@code FAILED} when its palm is not enrolled). */
    double[] genuine() {
        double[] out = new double[probeSubjects.size()];
        for (int p = 0; p < out.length; p++) {
            int own = palms.indexOf(probeSubjects.get(p));
            out[p] = own < 0 ? PairScores.FAILED : scores[p][own];
        }
        return out;
    }

    /** Every probe against every other subject's palm. */
    double[] impostor() {
        List<Double> out = new ArrayList<>();
        for (int p = 0; p < probeSubjects.size(); p++) {
            for (int q = 0; q < palms.size(); q++) {
                if (!palms.get(q).equals(probeSubjects.get(p))) out.add(scores[p][q]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Per probe, the best score among other subjects' palms ({@code FAILED} when there are none). */
    double[] bestOther() {
        double[] out = new double[probeSubjects.size()];
        for (int p = 0; p < out.length; p++) {
            double best = PairScores.FAILED;
            for (int q = 0; q < palms.size(); q++) {
                if (!palms.get(q).equals(probeSubjects.get(p))) best = Math.max(best, scores[p][q]);
            }
            out[p] = best;
        }
        return out;
    }

    @Override
    public double[][] scores() {
        double[][] copy = new double[scores.length][];
        for (int p = 0; p < scores.length; p++) copy[p] = scores[p].clone();
        return copy;
    }
}
