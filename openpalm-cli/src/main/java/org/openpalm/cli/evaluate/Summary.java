package org.openpalm.cli.evaluate;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The one-screen text summary printed after an evaluation. */
final class Summary {
    private Summary() {}

    static String of(EvaluationReport r, Path reportFolder) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "OpenPalm evaluation of %s: %d images, %d subjects%n",
                r.dataset(), r.images(), r.subjects()));
        line(s, "failure to acquire", percent(r.fta()) + "  (" + r.ftaCount() + " images"
                + (r.ftaReasons().isEmpty() ? "" : ": " + reasons(r.ftaReasons())) + ")");
        line(s, "pairs", r.genuinePairs() + " genuine (" + r.crossSessionGenuinePairs() + " cross-session), "
                + r.impostorPairs() + " impostor");
        line(s, "EER", percent(r.eer().rate()) + "  at score " + number(r.eer().threshold()));
        line(s, "EER cross-session", r.eerCrossSession().map(e -> percent(e.rate())).orElse("n/a (one session)"));
        line(s, "FNMR @ FMR 1e-3", percent(r.fnmrAtFmr1e3().fnmr()) + "  at score " + number(r.fnmrAtFmr1e3().threshold()));
        line(s, "FNMR @ FMR 1e-4", percent(r.fnmrAtFmr1e4().fnmr()) + "  at score " + number(r.fnmrAtFmr1e4().threshold()));
        line(s, "rank-1", r.identification()
                .map(id -> percent(id.rank1()) + "  (" + id.probes() + " probes, " + id.enrolled() + " enrolled)")
                .orElse("n/a (no probes)"));
        line(s, "FNIR @ FPIR 1e-2", r.fnirAtFpir1e2().map(p -> percent(p.fnmr())).orElse("n/a"));
        line(s, "system (enrol 3)", r.system()
                .map(p -> "FNMR @ FMR 1e-4 " + percent(p.fnmrAtFmr1e4().fnmr()) + ", rank-1 " + percent(p.rank1())
                        + ", FNIR @ FPIR 1e-2 " + percent(p.fnirAtFpir1e2().fnmr()) + "  (" + p.probes() + " probes, "
                        + p.palms() + " palms)")
                .orElse("n/a (no probes)"));
        line(s, "replays", r.replays().isEmpty() ? "none" : r.replays().size() + "  (" + r.replays().stream()
                .map(f -> f.file() + " repeats " + f.earlierFile() + ", " + f.reason().replace('_', ' '))
                .collect(Collectors.joining("; ")) + ")");
        line(s, "template", millis(r.extractMsMedian()) + " median per image");
        line(s, "comparison", micros(r.matchUsMedian()) + " median");
        line(s, "report", reportFolder + "/{" + ReportFiles.REPORT_JSON + ", " + ReportFiles.SCORES_CSV + ", "
                + ReportFiles.DET_PNG + "}");
        return s.toString();
    }

    /** The parts of a subject split side by side, one column each (and a pooled column for folds). */
    static String parts(List<String> labels, List<EvaluationReport> parts, java.util.Optional<FoldsReport.Pooled> pooled) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n  %-20s", "by subject"));
        for (String label : labels) s.append(String.format(Locale.ROOT, " %12s", label));
        if (pooled.isPresent()) s.append(String.format(Locale.ROOT, " %12s", "pooled"));
        s.append(System.lineSeparator());
        row(s, "subjects", parts, r -> String.valueOf(r.subjects()), pooled.map(p -> ""));
        row(s, "FTA", parts, r -> percent(r.fta()), pooled.map(p -> ""));
        row(s, "EER", parts, r -> percent(r.eer().rate()), pooled.map(p -> percent(p.eer().rate())));
        row(s, "EER cross-session", parts, r -> r.eerCrossSession().map(e -> percent(e.rate())).orElse("n/a"),
                pooled.map(p -> p.eerCrossSession().map(e -> percent(e.rate())).orElse("n/a")));
        row(s, "FNMR @ FMR 1e-4", parts, r -> percent(r.fnmrAtFmr1e4().fnmr()),
                pooled.map(p -> percent(p.fnmrAtFmr1e4().fnmr())));
        row(s, "rank-1", parts, r -> r.rank1().isPresent() ? percent(r.rank1().getAsDouble()) : "n/a",
                pooled.map(p -> p.identification().map(id -> percent(id.rank1())).orElse("n/a")));
        row(s, "system FNMR 1e-4", parts, r -> r.system().map(p -> percent(p.fnmrAtFmr1e4().fnmr())).orElse("n/a"),
                pooled.map(p -> p.system().map(x -> percent(x.fnmrAtFmr1e4().fnmr())).orElse("n/a")));
        row(s, "system rank-1", parts, r -> r.system().map(p -> percent(p.rank1())).orElse("n/a"),
                pooled.map(p -> p.system().map(x -> percent(x.rank1())).orElse("n/a")));
        return s.toString();
    }

    private static void row(StringBuilder s, String label, List<EvaluationReport> parts,
            java.util.function.Function<EvaluationReport, String> cell, java.util.Optional<String> pooled) {
        s.append(String.format(Locale.ROOT, "  %-20s", label));
        for (EvaluationReport r : parts) s.append(String.format(Locale.ROOT, " %12s", cell.apply(r)));
        pooled.ifPresent(p -> s.append(String.format(Locale.ROOT, " %12s", p)));
        s.append(System.lineSeparator());
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format(Locale.ROOT, "  %-20s %s%n", label, value));
    }

    private static String reasons(Map<String, Integer> reasons) {
        return reasons.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "+inf (rejects all)" : "-inf";
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String millis(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f ms", v.getAsDouble()) : "n/a";
    }

    private static String micros(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f us", v.getAsDouble()) : "n/a";
    }
}
