package org.openpalm.cli.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * {@code --folds K}: the figures of each fold's subjects alone (impostor pairs only between
 * subjects of the same fold), and the folds pooled: every fold's genuine and impostor scores put
 * together, so that rare errors count with the weight of the whole dataset.
 *
 * @param folds   the subject split
 * @param reports per fold, in fold order
 * @param pooled  the folds' scores pooled
 */
public record FoldsReport(SubjectFolds folds, List<EvaluationReport> reports, Pooled pooled) {

    public FoldsReport {
        reports = List.copyOf(reports);
    }

    /**
     * Pooled figures.
     *
     * @param eer              EER of all folds' genuine against all folds' impostor pairs
     * @param eerCrossSession  the same with cross-session genuine pairs; empty with one session
     * @param fnmrAtFmr1e3     pooled operating point
     * @param fnmrAtFmr1e4     pooled operating point
     * @param identification   the folds' searches together (each searched its own fold's gallery)
     * @param system           the folds' product-protocol scores together
     */
    public record Pooled(Eer eer, Optional<Eer> eerCrossSession, OperatingPoint fnmrAtFmr1e3,
            OperatingPoint fnmrAtFmr1e4, Optional<Identification> identification, Optional<SystemProtocol> system) {}

    public static FoldsReport of(EvaluationRun run, SubjectFolds folds) {
        List<EvaluationReport> reports = new ArrayList<>();
        List<EvaluationReport.Pairs> pairs = new ArrayList<>();
        List<SystemScores> systems = new ArrayList<>();
        for (int f = 1; f <= folds.folds(); f++) {
            EvaluationRun part = run.restrictedTo(folds.subjects(f));
            reports.add(EvaluationReport.of(part));
            pairs.add(EvaluationReport.Pairs.of(part));
            systems.add(part.system());
        }
        double[] genuine = concat(pairs.stream().map(EvaluationReport.Pairs::genuine).toList());
        double[] cross = concat(pairs.stream().map(EvaluationReport.Pairs::crossSessionGenuine).toList());
        double[] impostor = concat(pairs.stream().map(EvaluationReport.Pairs::impostor).toList());
        Roc all = Roc.of(genuine, impostor);
        return new FoldsReport(folds, reports, new Pooled(all.eer(),
                cross.length == 0 ? Optional.empty() : Optional.of(Roc.of(cross, impostor).eer()),
                all.atFmr(EvaluationReport.FMR_1E3), all.atFmr(EvaluationReport.FMR_1E4),
                pooledIdentification(reports), pooledSystem(systems)));
    }

    private static Optional<Identification> pooledIdentification(List<EvaluationReport> reports) {
        List<Identification> ids = reports.stream().flatMap(r -> r.identification().stream()).toList();
        if (ids.isEmpty()) return Optional.empty();
        int probes = ids.stream().mapToInt(Identification::probes).sum();
        double hits = ids.stream().mapToDouble(id -> id.rank1() * id.probes()).sum();
        return Optional.of(new Identification(ids.stream().mapToInt(Identification::enrolled).sum(), probes,
                Math.round(hits) / (double) probes,
                concat(ids.stream().map(Identification::mated).toList()),
                concat(ids.stream().map(Identification::nonMated).toList())));
    }

    private static Optional<SystemProtocol> pooledSystem(List<SystemScores> systems) {
        List<SystemScores> usable = systems.stream()
                .filter(s -> !s.probeSubjects().isEmpty() && s.palms().size() >= 2).toList();
        if (usable.isEmpty()) return Optional.empty();
        return Optional.of(SystemProtocol.of(usable.stream().mapToInt(s -> s.palms().size()).sum(),
                concat(usable.stream().map(SystemScores::genuine).toList()),
                concat(usable.stream().map(SystemScores::bestOther).toList()),
                concat(usable.stream().map(SystemScores::impostor).toList())));
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(DoubleStream::of).toArray();
    }
}
