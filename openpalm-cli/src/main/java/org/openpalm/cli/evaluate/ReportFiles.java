package org.openpalm.cli.evaluate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes report.json, scores.csv and det.png into a report folder. */
public final class ReportFiles {
    public static final String REPORT_JSON = "report.json";
    public static final String SCORES_CSV = "scores.csv";
    public static final String DET_PNG = "det.png";

    private ReportFiles() {}

    /**
     * Writes the files; {@code parts} holds what the subject split adds to report.json (the
     * {@code tuning} and {@code checking} objects, or the folds), empty without a split.
     */
    public static void write(Path folder, EvaluationRun run, EvaluationReport report, Map<String, Object> parts,
            EvaluationConfig config) throws IOException {
        Files.createDirectories(folder);
        Map<String, Object> json = toJson(report);
        json.putAll(parts);
        Files.writeString(folder.resolve(REPORT_JSON), Json.write(json), StandardCharsets.UTF_8);
        writeScores(folder.resolve(SCORES_CSV), run);
        DetPlot.write(folder.resolve(DET_PNG), report, config.detWidthPixels(), config.detHeightPixels());
    }

    /** The report as an ordered JSON object; the keys are the published names. */
    static Map<String, Object> toJson(EvaluationReport r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dataset", r.dataset());
        j.put("images", r.images());
        j.put("subjects", r.subjects());
        j.put("fta", r.fta());
        j.put("fta_count", r.ftaCount());
        j.put("fta_reasons", r.ftaReasons());
        j.put("genuine_pairs", r.genuinePairs());
        j.put("impostor_pairs", r.impostorPairs());
        j.put("cross_session_genuine_pairs", r.crossSessionGenuinePairs());
        // The convex-hull EER (BOSARIS); it can sit slightly below where the step curve crosses.
        j.put("eer_method", "roc_convex_hull");
        j.put("eer", r.eer().rate());
        j.put("eer_threshold", r.eer().threshold());
        j.put("eer_cross_session", r.eerCrossSession().map(Eer::rate));
        j.put("eer_cross_session_threshold", r.eerCrossSession().map(Eer::threshold));
        j.put("fnmr_at_fmr_1e-3", r.fnmrAtFmr1e3().fnmr());
        j.put("threshold_at_fmr_1e-3", r.fnmrAtFmr1e3().threshold());
        j.put("fnmr_at_fmr_1e-4", r.fnmrAtFmr1e4().fnmr());
        j.put("threshold_at_fmr_1e-4", r.fnmrAtFmr1e4().threshold());
        j.put("rank1", r.rank1());
        j.put("fnir_at_fpir_1e-2", r.fnirAtFpir1e2().map(OperatingPoint::fnmr));
        j.put("threshold_at_fpir_1e-2", r.fnirAtFpir1e2().map(OperatingPoint::threshold));
        j.put("enrolled", r.identification().map(Identification::enrolled));
        j.put("probes", r.identification().map(Identification::probes));
        // The product's protocol: 3 captures enrolled per palm (SystemScores), every later capture a probe.
        j.put("system_palms", r.system().map(SystemProtocol::palms));
        j.put("system_probes", r.system().map(SystemProtocol::probes));
        j.put("system_impostor_scores", r.system().map(SystemProtocol::impostorScores));
        j.put("system_fnmr_at_fmr_1e-4", r.system().map(p -> p.fnmrAtFmr1e4().fnmr()));
        j.put("system_threshold_at_fmr_1e-4", r.system().map(p -> p.fnmrAtFmr1e4().threshold()));
        j.put("system_rank1", r.system().map(SystemProtocol::rank1));
        j.put("system_fnir_at_fpir_1e-2", r.system().map(p -> p.fnirAtFpir1e2().fnmr()));
        j.put("extract_ms_median", r.extractMsMedian());
        j.put("match_us_median", r.matchUsMedian());
        // Captures that repeat an earlier one (a reader never sends the same frame twice): kept in
        // the figures above, as the dataset is published, but named so they can be judged.
        j.put("replays", r.replays().size());
        Map<String, Object> replays = new LinkedHashMap<>();
        for (ReplayFound f : r.replays()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("earlier", f.earlierFile());
            one.put("reason", f.reason());
            one.put("score", f.score());
            replays.put(f.file(), one);
        }
        j.put("replay_captures", replays);
        return j;
    }

    /** {@code --subjects split}: the tuning part (odd-numbered subjects) and the checking part side by side. */
    static Map<String, Object> splitJson(EvaluationReport tuning, EvaluationReport checking) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("split_rule", SPLIT_RULE);
        j.put("tuning", toJson(tuning));
        j.put("checking", toJson(checking));
        return j;
    }

    static final String SPLIT_RULE = "subjects numbered 1, 2, 3... in manifest order of first appearance;"
            + " subject n in fold ((n - 1) mod K) + 1; tuning = odd-numbered (fold 1 of 2), checking = even-numbered";

    /** {@code --folds K}: each fold's figures, their mean, and the folds' scores pooled. */
    static Map<String, Object> foldsJson(FoldsReport folds) {
        List<Map<String, Object>> each = folds.reports().stream().map(ReportFiles::toJson).toList();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("split_rule", SPLIT_RULE);
        j.put("folds", each);
        j.put("folds_mean", mean(each));
        FoldsReport.Pooled p = folds.pooled();
        Map<String, Object> pooled = new LinkedHashMap<>();
        pooled.put("eer", p.eer().rate());
        pooled.put("eer_cross_session", p.eerCrossSession().map(Eer::rate));
        pooled.put("fnmr_at_fmr_1e-3", p.fnmrAtFmr1e3().fnmr());
        pooled.put("fnmr_at_fmr_1e-4", p.fnmrAtFmr1e4().fnmr());
        pooled.put("rank1", p.identification().map(Identification::rank1));
        pooled.put("fnir_at_fpir_1e-2", p.identification().map(id -> id.fnirAtFpir().fnmr()));
        pooled.put("system_probes", p.system().map(SystemProtocol::probes));
        pooled.put("system_fnmr_at_fmr_1e-4", p.system().map(s -> s.fnmrAtFmr1e4().fnmr()));
        pooled.put("system_rank1", p.system().map(SystemProtocol::rank1));
        pooled.put("system_fnir_at_fpir_1e-2", p.system().map(s -> s.fnirAtFpir1e2().fnmr()));
        j.put("folds_pooled", pooled);
        return j;
    }

    /** Per key, the mean over the folds of a figure every fold has as a finite number. */
    private static Map<String, Object> mean(List<Map<String, Object>> folds) {
        Map<String, Object> mean = new LinkedHashMap<>();
        for (String key : folds.getFirst().keySet()) {
            double sum = 0;
            boolean all = true;
            for (Map<String, Object> fold : folds) {
                java.util.OptionalDouble v = number(fold.get(key));
                if (v.isEmpty()) {
                    all = false;
                    break;
                }
                sum += v.getAsDouble();
            }
            if (all) mean.put(key, sum / folds.size());
        }
        return mean;
    }

    private static java.util.OptionalDouble number(Object v) {
        // Counts and rates are averaged; names, maps and absent figures are not.
        if (v instanceof Integer i) return java.util.OptionalDouble.of(i);
        if (v instanceof Double d && Double.isFinite(d)) return java.util.OptionalDouble.of(d);
        if (v instanceof java.util.OptionalDouble od && od.isPresent()) return number(od.getAsDouble());
        if (v instanceof java.util.Optional<?> o && o.isPresent()) return number(o.get());
        return java.util.OptionalDouble.empty();
    }

    /**
     * One row per pair: {@code file_a,file_b,genuine,cross_session,score}. A pair involving a
     * failure to acquire has score {@code -inf} (what numpy and pandas read as minus infinity):
     * it is in the file, not dropped, and below every threshold.
     */
    private static void writeScores(Path csv, EvaluationRun run) throws IOException {
        List<ManifestEntry> e = run.manifest().entries();
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("file_a,file_b,genuine,cross_session,score\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < e.size(); i++) {
                for (int j = i + 1; j < e.size(); j++) {
                    ManifestEntry a = e.get(i);
                    ManifestEntry b = e.get(j);
                    double s = run.scores().score(i, j);
                    line.setLength(0);
                    line.append(a.file()).append(',').append(b.file()).append(',')
                            .append(a.subject().equals(b.subject())).append(',')
                            .append(a.session() != b.session()).append(',')
                            .append(s == PairScores.FAILED ? "-inf" : Double.toString(s)).append('\n');
                    w.write(line.toString());
                }
            }
        }
    }
}
