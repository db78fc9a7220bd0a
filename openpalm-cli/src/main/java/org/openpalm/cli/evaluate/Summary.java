package org.openpalm.cli.evaluate;

import java.nio.file.Path;
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
        line(s, "replays", r.replays().isEmpty() ? "none" : r.replays().size() + "  (" + r.replays().stream()
                .map(f -> f.file() + " repeats " + f.earlierFile() + ", " + f.reason().replace('_', ' '))
                .collect(Collectors.joining("; ")) + ")");
        line(s, "template", millis(r.extractMsMedian()) + " median per image");
        line(s, "comparison", micros(r.matchUsMedian()) + " median");
        line(s, "report", reportFolder + "/{" + ReportFiles.REPORT_JSON + ", " + ReportFiles.SCORES_CSV + ", "
                + ReportFiles.DET_PNG + "}");
        return s.toString();
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
