package org.openpalm.cli.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The figures the project publishes for one dataset, computed from an {@link EvaluationRun}.
 * Rates are fractions. Undefined figures are empty (a single-session dataset has no
 * cross-session EER), never a made-up number.
 *
 * @param dataset                   dataset name (its folder's name)
 * @param images                    images in the manifest
 * @param subjects                  distinct subjects
 * @param ftaCount                  images without a template
 * @param ftaReasons                failure reason to count, sorted by reason
 * @param genuinePairs              same-subject pairs, including those scored as failed
 * @param impostorPairs             different-subject pairs
 * @param crossSessionGenuinePairs  genuine pairs whose sessions differ
 * @param verification              all pairs
 * @param crossSession              cross-session genuine pairs against all impostors
 * @param identification            the identification protocol
 * @param extractMsMedian           median time to make one template, milliseconds
 * @param matchUsMedian             median over timed batches of one comparison, microseconds
 * @param replays                   captures taken for replays of earlier ones (their pairs stay scored)
 * @param system                    the product's protocol (3 captures enrolled per palm), when there are probes
 */
public record EvaluationReport(
        String dataset,
        int images,
        int subjects,
        int ftaCount,
        Map<String, Integer> ftaReasons,
        int genuinePairs,
        int impostorPairs,
        int crossSessionGenuinePairs,
        Roc verification,
        Optional<Roc> crossSession,
        Optional<Identification> identification,
        OptionalDouble extractMsMedian,
        OptionalDouble matchUsMedian,
        List<ReplayFound> replays,
        Optional<SystemProtocol> system) {

    public static final double FMR_1E3 = 1e-3;
    public static final double FMR_1E4 = 1e-4;

    public EvaluationReport {
        ftaReasons = Collections.unmodifiableMap(new TreeMap<>(ftaReasons));
        replays = List.copyOf(replays);
    }

    /**
     * Computes the metrics. The dataset needs a genuine and an impostor pair: at least one subject
     * with two images, and two subjects.
     */
    public static EvaluationReport of(EvaluationRun run) {
        List<ManifestEntry> entries = run.manifest().entries();
        int n = entries.size();
        Pairs pairs = Pairs.of(run);
        if (pairs.genuine().length == 0 || pairs.impostor().length == 0) {
            throw new IllegalArgumentException("dataset " + run.manifest().name()
                    + " needs a subject with two images and at least two subjects");
        }
        double[] impostorScores = pairs.impostor();
        Map<String, Integer> reasons = new TreeMap<>();
        int fta = 0;
        for (Extraction a : run.acquisitions()) {
            switch (a) {
                case Extraction.Acquired ok -> { }
                case Extraction.Failed f -> {
                    fta++;
                    reasons.merge(f.reason(), 1, Integer::sum);
                }
            }
        }
        return new EvaluationReport(
                run.manifest().name(),
                n,
                (int) run.manifest().subjectCount(),
                fta,
                reasons,
                pairs.genuine().length,
                impostorScores.length,
                pairs.crossSessionGenuine().length,
                Roc.of(pairs.genuine(), impostorScores),
                pairs.crossSessionGenuine().length == 0
                        ? Optional.empty()
                        : Optional.of(Roc.of(pairs.crossSessionGenuine(), impostorScores)),
                Identification.of(entries, run.scores()),
                median(run.extractMillis()),
                median(run.matchMicros()),
                run.replays(),
                SystemProtocol.of(run.system()));
    }

    /** Every pair's score by kind: what the verification figures, and their pooling over folds, are made of. */
    record Pairs(double[] genuine, double[] crossSessionGenuine, double[] impostor) {
        static Pairs of(EvaluationRun run) {
            List<ManifestEntry> entries = run.manifest().entries();
            int n = entries.size();
            List<Double> genuine = new ArrayList<>();
            List<Double> crossGenuine = new ArrayList<>();
            List<Double> impostor = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double s = run.scores().score(i, j);
                    if (!entries.get(i).subject().equals(entries.get(j).subject())) {
                        impostor.add(s);
                    } else {
                        genuine.add(s);
                        if (entries.get(i).session() != entries.get(j).session()) crossGenuine.add(s);
                    }
                }
            }
            return new Pairs(toArray(genuine), toArray(crossGenuine), toArray(impostor));
        }
    }

    public Optional<OperatingPoint> systemFnmrAtFmr1e4() {
        return system.map(SystemProtocol::fnmrAtFmr1e4);
    }

    public double fta() {
        return (double) ftaCount / images;
    }

    public Eer eer() {
        return verification.eer();
    }

    public Optional<Eer> eerCrossSession() {
        return crossSession.map(Roc::eer);
    }

    public OperatingPoint fnmrAtFmr1e3() {
        return verification.atFmr(FMR_1E3);
    }

    public OperatingPoint fnmrAtFmr1e4() {
        return verification.atFmr(FMR_1E4);
    }

    public OptionalDouble rank1() {
        return identification.map(id -> OptionalDouble.of(id.rank1())).orElse(OptionalDouble.empty());
    }

    public Optional<OperatingPoint> fnirAtFpir1e2() {
        return identification.map(Identification::fnirAtFpir);
    }

    /** The middle value, or the mean of the two middle values; empty for no values. */
    static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) return OptionalDouble.empty();
        double[] v = toArray(values);
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return OptionalDouble.of(v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2);
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }
}
