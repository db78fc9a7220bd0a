package org.openpalm.cli.pad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openpalm.biometrics.Decision;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.LivenessConfig;
import org.openpalm.biometrics.LivenessCues;
import org.openpalm.biometrics.LivenessDetector;
import org.openpalm.biometrics.LivenessModel;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmTemplate;

/**
 * ISO/IEC 30107-3 figures of an attack set, subject-disjoint: every fitted quantity (each cue's
 * live mean and spread, every threshold) is fitted on the subjects of the other folds and measured
 * on the fold's own subjects; counts are summed over folds.
 */
public final class PadEvaluation {
    /** APCER the two BPCER operating points are taken at (ISO/IEC 30107-3 BPCER20 and BPCER100). */
    private static final double[] OPERATING_APCER = {0.05, 0.01};

    private final int folds;
    private final double targetBpcer;
    private final double dualSigmas;
    private final double singleSigmas;
    private final LivenessDetector cues = new LivenessDetector(LivenessConfig.DEFAULT);

    /**
     * @param folds        subject folds
     * @param targetBpcer  BPCER the fitted thresholds aim at on the training folds
     * @param dualSigmas   the configured (not fitted) dual-band threshold, live standard deviations
     * @param singleSigmas the configured single-camera threshold
     */
    public PadEvaluation(int folds, double targetBpcer, double dualSigmas, double singleSigmas) {
        this.dualSigmas = dualSigmas;
        this.singleSigmas = singleSigmas;
        if (folds < 2) throw new IllegalArgumentException("folds must be at least 2");
        if (!(targetBpcer >= 0 && targetBpcer < 1)) throw new IllegalArgumentException("target BPCER must be in [0,1)");
        this.folds = folds;
        this.targetBpcer = targetBpcer;
    }

    /** One presentation, measured. */
    record Measured(PadManifest.Presentation presentation, Optional<LivenessCues> dualBand, LivenessCues singleCamera,
            Optional<PalmTemplate> template) {}

    public Map<String, Object> evaluate(Path folder) throws PadSetException, IOException {
        PadManifest manifest = PadManifest.read(folder);
        List<PadManifest.Presentation> presentations = manifest.presentations();
        List<Measured> measured = new ArrayList<>(presentations.size());
        for (PadManifest.Presentation p : presentations) measured.add(measure(p));
        List<String> subjects = new ArrayList<>(new TreeSet<>(presentations.stream().map(PadManifest.Presentation::subject).toList()));
        int k = Math.min(folds, subjects.size());
        if (k < 2) throw new PadSetException("the set has " + subjects.size() + " subject(s); subject-disjoint folds need at least 2");
        int[] fold = new int[measured.size()];
        for (int i = 0; i < measured.size(); i++) fold[i] = subjects.indexOf(measured.get(i).presentation().subject()) % k;
        for (int f = 0; f < k; f++) {
            final int ff = f;
            boolean hasLive = false;
            for (int i = 0; i < measured.size(); i++) if (fold[i] != ff && !measured.get(i).presentation().attack()) hasLive = true;
            if (!hasLive) throw new PadSetException("fold " + f + " has no bona fide presentations to fit on outside it");
        }
        boolean dual = measured.stream().allMatch(m -> m.dualBand().isPresent());
        List<String> kinds = new ArrayList<>(new TreeSet<>(presentations.stream().filter(PadManifest.Presentation::attack)
                .map(PadManifest.Presentation::kind).toList()));
        if (kinds.isEmpty()) throw new PadSetException("the set has no attack presentations");
        boolean[] identifiedAsVictim = identify(measured);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("set", folder.toAbsolutePath().normalize().toString());
        report.put("mode", dual ? "dual_band" : "single_camera");
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("bona_fide", (int) presentations.stream().filter(p -> !p.attack()).count());
        for (String kind : kinds) counts.put(kind, (int) presentations.stream().filter(p -> p.attack() && p.kind().equals(kind)).count());
        counts.put("subjects", subjects.size());
        report.put("presentations", counts);
        Map<String, Object> main = dual
                ? figures(measured, fold, k, kinds, identifiedAsVictim, m -> m.dualBand().orElseThrow(), dualSigmas)
                : figures(measured, fold, k, kinds, identifiedAsVictim, Measured::singleCamera, singleSigmas);
        report.putAll(main);
        if (dual) report.put("single_camera", figures(measured, fold, k, kinds, identifiedAsVictim, Measured::singleCamera, singleSigmas));
        report.put("protocol", protocol(k));
        Map<String, Object> fitAll = new LinkedHashMap<>();
        if (dual) fitAll.put("dual_band", describe(fitAll(measured, m -> m.dualBand().orElseThrow())));
        fitAll.put("single_camera", describe(fitAll(measured, Measured::singleCamera)));
        report.put("fit_on_all_bona_fide", fitAll);
        report.put("default_configuration", defaultConfiguration(measured, kinds, dual));
        return report;
    }

    private String protocol(int k) {
        return "subject-disjoint " + k + " folds (subjects sorted by name, subject i in fold i mod " + k + "). "
                + "For each fold, each cue's live mean and spread are fitted on the bona fide presentations of the "
                + "other folds' subjects only; the fold's own presentations are scored with them. apcer, apcer_worst, "
                + "bpcer, iapar: at the configured threshold (threshold_sigmas, a constant of LivenessConfig, not fitted). "
                + "at_threshold_fitted_to_target_bpcer: at the lowest threshold refusing at most " + targetBpcer
                + " of the other folds' bona fide presentations. bpcer20 and "
                + "bpcer100: threshold = the highest keeping APCER of every kind on the other folds' attacks at "
                + "most 0.05 and 0.01, BPCER then measured on the fold's bona fide. All counts summed over folds. "
                + "iapar: attacks accepted as live AND identified (PalmIndex.identify, k=2, its own decision) as "
                + "their victim in a 1:N gallery of each subject's first bona fide visible capture; "
                + "iapar_without_pad is the same without the liveness check. Attacks are simulated (openpalm pad attacks), not physical.";
    }

    private Measured measure(PadManifest.Presentation p) throws IOException, PadSetException {
        PalmImage visible = decode(p.visible());
        Optional<PalmImage> nir = Optional.empty();
        if (p.nearInfrared().isPresent()) nir = Optional.of(decode(p.nearInfrared().get()));
        Optional<LivenessCues> dual = nir.isPresent() ? Optional.of(cues.dualBandCues(visible, nir.get())) : Optional.empty();
        Optional<PalmTemplate> template;
        try {
            template = Optional.of(PalmTemplate.fromRoi(visible));
        } catch (IllegalArgumentException e) { // not an ROI the extractor takes: cannot be identified
            template = Optional.empty();
        }
        return new Measured(p, dual, cues.singleCameraCues(visible), template);
    }

    private static PalmImage decode(Path file) throws IOException, PadSetException {
        try {
            return PalmImage.decode(Files.readAllBytes(file));
        } catch (PalmImageException e) {
            throw new PadSetException(file + ": " + e.getMessage());
        }
    }

    /** For each attack: identified (a Match decision) as its own victim against the bona fide gallery. */
    private static boolean[] identify(List<Measured> measured) {
        PalmIndex gallery = new PalmIndex();
        for (Measured m : measured) {
            if (m.presentation().attack() || m.template().isEmpty()) continue;
            EnrolmentId id = new EnrolmentId(m.presentation().subject());
            if (!gallery.contains(id)) gallery.put(id, m.template().get());
        }
        boolean[] out = new boolean[measured.size()];
        for (int i = 0; i < measured.size(); i++) {
            Measured m = measured.get(i);
            if (!m.presentation().attack() || m.template().isEmpty() || gallery.size() == 0) continue;
            Decision decision = gallery.identify(m.template().get(), 2).decision();
            out[i] = switch (decision) {
                case Decision.Match match -> match.candidate().id().value().equals(m.presentation().subject());
                case Decision.NoMatch none -> false;
                case Decision.Undecided undecided -> false;
            };
        }
        return out;
    }

    private Map<String, Object> figures(List<Measured> measured, int[] fold, int k, List<String> kinds, boolean[] identified,
            java.util.function.Function<Measured, LivenessCues> cueOf, double configuredSigmas) {
        int n = measured.size();
        double[] score = new double[n];
        double[] configured = new double[n];
        double[] fitted = new double[n];
        double[][] operating = new double[OPERATING_APCER.length][n];
        for (int f = 0; f < k; f++) {
            List<LivenessCues> trainLive = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] != f && !measured.get(i).presentation().attack()) trainLive.add(cueOf.apply(measured.get(i)));
            }
            LivenessModel model = LivenessModel.fit(trainLive, targetBpcer);
            Map<String, List<Double>> trainAttackScores = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                Measured m = measured.get(i);
                double s = model.score(cueOf.apply(m));
                if (fold[i] == f) {
                    score[i] = s;
                    fitted[i] = model.thresholdSigmas();
                    configured[i] = configuredSigmas;
                } else if (m.presentation().attack()) {
                    trainAttackScores.computeIfAbsent(m.presentation().kind(), x -> new ArrayList<>()).add(s);
                }
            }
            for (int o = 0; o < OPERATING_APCER.length; o++) {
                double t = thresholdForApcer(trainAttackScores, OPERATING_APCER[o]);
                for (int i = 0; i < n; i++) if (fold[i] == f) operating[o][i] = t;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(atThresholds(measured, kinds, identified, score, configured));
        out.put("threshold_sigmas", configuredSigmas);
        Map<String, Object> bpcer20 = atThresholds(measured, kinds, identified, score, operating[0]);
        Map<String, Object> bpcer100 = atThresholds(measured, kinds, identified, score, operating[1]);
        out.put("bpcer20", bpcer20.get("bpcer"));
        out.put("bpcer100", bpcer100.get("bpcer"));
        out.put("apcer_worst_at_bpcer20_threshold", bpcer20.get("apcer_worst"));
        out.put("apcer_worst_at_bpcer100_threshold", bpcer100.get("apcer_worst"));
        Map<String, Object> atTarget = atThresholds(measured, kinds, identified, score, fitted);
        atTarget.remove("iapar_without_pad");
        out.put("at_threshold_fitted_to_target_bpcer", atTarget);
        out.put("target_bpcer", targetBpcer);
        out.put("cues", String.join(",", cueOf.apply(measured.getFirst()).names()));
        return out;
    }

    /** APCER per kind and worst, BPCER and IAPAR with a threshold per presentation (score at or above it: attack). */
    private static Map<String, Object> atThresholds(List<Measured> measured, List<String> kinds, boolean[] identified,
            double[] score, double[] threshold) {
        Map<String, Object> apcer = new LinkedHashMap<>();
        Map<String, Object> iapar = new LinkedHashMap<>();
        Map<String, Object> iaparWithoutPad = new LinkedHashMap<>();
        double worst = 0, worstIapar = 0;
        for (String kind : kinds) {
            int attacks = 0, passed = 0, imposed = 0, imposedAnyway = 0;
            for (int i = 0; i < score.length; i++) {
                PadManifest.Presentation p = measured.get(i).presentation();
                if (!p.attack() || !p.kind().equals(kind)) continue;
                attacks++;
                boolean live = score[i] < threshold[i];
                if (live) passed++;
                if (identified[i]) imposedAnyway++;
                if (live && identified[i]) imposed++;
            }
            double a = (double) passed / attacks, ia = (double) imposed / attacks;
            apcer.put(kind, a);
            iapar.put(kind, ia);
            iaparWithoutPad.put(kind, (double) imposedAnyway / attacks);
            worst = Math.max(worst, a);
            worstIapar = Math.max(worstIapar, ia);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apcer", apcer);
        out.put("apcer_worst", worst);
        out.put("bpcer", bpcer(measured, score, threshold));
        out.put("iapar", iapar);
        out.put("iapar_worst", worstIapar);
        out.put("iapar_without_pad", iaparWithoutPad);
        return out;
    }

    private static double bpcer(List<Measured> measured, double[] score, double[] threshold) {
        int live = 0, refused = 0;
        for (int i = 0; i < measured.size(); i++) {
            if (measured.get(i).presentation().attack()) continue;
            live++;
            if (score[i] >= threshold[i]) refused++;
        }
        return live == 0 ? Double.NaN : (double) refused / live;
    }

    /**
     * The highest threshold at which at most {@code apcer} of each kind's attacks pass (score
     * below the threshold): the (floor(apcer n)+1)-th lowest score of each kind, least of all kinds.
     */
    static double thresholdForApcer(Map<String, List<Double>> attackScores, double apcer) {
        double t = Double.POSITIVE_INFINITY;
        for (List<Double> scores : attackScores.values()) {
            double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int mayPass = (int) Math.floor(apcer * sorted.length + 1e-9);
            t = Math.min(t, sorted[Math.min(mayPass, sorted.length - 1)]);
        }
        return t;
    }

    private LivenessModel fitAll(List<Measured> measured, java.util.function.Function<Measured, LivenessCues> cueOf) {
        return LivenessModel.fit(measured.stream().filter(m -> !m.presentation().attack()).map(cueOf).toList(), targetBpcer);
    }

    private static Map<String, Object> describe(LivenessModel model) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (LivenessModel.CueScale c : model.cues()) {
            out.put(c.name(), Map.of("live_mean", c.liveMean(), "live_spread", c.liveSpread()));
        }
        out.put("threshold_sigmas", model.thresholdSigmas());
        return out;
    }

    /** The shipped configuration as it is (not fitted here): what a server with the defaults would do on this set. */
    private Map<String, Object> defaultConfiguration(List<Measured> measured, List<String> kinds, boolean dual) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (dual) out.put("dual_band", atModel(measured, kinds, LivenessConfig.DEFAULT.dualBand(), m -> m.dualBand().orElseThrow()));
        out.put("single_camera", atModel(measured, kinds, LivenessConfig.DEFAULT.singleCamera(), Measured::singleCamera));
        out.put("note", "LivenessConfig.DEFAULT was fitted on the PolyU bona fide pairs: on a set made from them these "
                + "figures are not subject-disjoint; the fold figures above are");
        return out;
    }

    private static Map<String, Object> atModel(List<Measured> measured, List<String> kinds, LivenessModel model,
            java.util.function.Function<Measured, LivenessCues> cueOf) {
        double[] score = new double[measured.size()];
        double[] threshold = new double[measured.size()];
        for (int i = 0; i < score.length; i++) {
            score[i] = model.score(cueOf.apply(measured.get(i)));
            threshold[i] = model.thresholdSigmas();
        }
        Map<String, Object> apcer = new LinkedHashMap<>();
        for (String kind : kinds) {
            int attacks = 0, passed = 0;
            for (int i = 0; i < score.length; i++) {
                PadManifest.Presentation p = measured.get(i).presentation();
                if (p.attack() && p.kind().equals(kind)) {
                    attacks++;
                    if (!model.isAttack(score[i])) passed++;
                }
            }
            apcer.put(kind, (double) passed / attacks);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threshold_sigmas", model.thresholdSigmas());
        out.put("apcer", apcer);
        out.put("bpcer", bpcer(measured, score, threshold));
        return out;
    }
}
