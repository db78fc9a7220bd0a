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

    public static void write(Path folder, EvaluationRun run, EvaluationReport report, EvaluationConfig config)
            throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(REPORT_JSON), Json.write(toJson(report)), StandardCharsets.UTF_8);
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
