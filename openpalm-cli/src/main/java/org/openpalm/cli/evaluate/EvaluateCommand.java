package org.openpalm.cli.evaluate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code openpalm evaluate}: the published accuracy figures of the engine on one dataset folder. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Measures recognition accuracy on a dataset folder (with a manifest.csv): every pair of images "
                    + "scored once (EER, FNMR at FMR 1e-3 and 1e-4, cross-session EER), identification "
                    + "(rank-1, FNIR at FPIR 1e-2), failures to acquire, and timings.",
            "Writes report.json, scores.csv and det.png (DET curve) to the report folder."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated", "1:the dataset could not be read or the report not written", "2:usage error"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET_DIR",
            description = "Dataset folder holding manifest.csv; a bare name is also looked up in $OPENPALM_DATASETS.")
    Path dataset;

    @Option(names = "--report", paramLabel = "OUT_DIR",
            description = "Report folder (default: ./reports/<dataset folder name>).")
    Optional<Path> report = Optional.empty();

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--input", paramLabel = "KIND",
            description = "How images are taken: AUTO (a square image up to 256 px is a palm ROI, anything else a"
                    + " full-hand capture), ROI or HAND (default: ${DEFAULT-VALUE}).")
    CaptureTemplateMaker.InputKind input = CaptureTemplateMaker.InputKind.AUTO;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = resolveDataset(dataset);
        Manifest manifest;
        try {
            manifest = Manifest.read(folder);
        } catch (ManifestException e) {
            err.println("openpalm evaluate: " + e.getMessage());
            return 1;
        }
        if (!manifest.hasGenuineAndImpostorPairs()) {
            // Checked before the slow part: without both kinds of pair no error rate exists.
            err.println("openpalm evaluate: " + manifest.name()
                    + " needs at least two subjects and a subject with two images");
            return 1;
        }
        if (threads < 1) {
            err.println("openpalm evaluate: --threads must be at least 1");
            return 2;
        }
        EvaluationConfig config = EvaluationConfig.defaults().withThreads(threads);
        EvaluationRun run = new Evaluator(new CaptureTemplateMaker(input, config.roiMaxSidePixels()), config, err).run(manifest);
        EvaluationReport metrics;
        try {
            metrics = EvaluationReport.of(run);
        } catch (IllegalArgumentException e) {
            err.println("openpalm evaluate: " + e.getMessage());
            return 1;
        }
        Path outFolder = report.orElse(Path.of("reports", manifest.name()));
        try {
            ReportFiles.write(outFolder, run, metrics, config);
        } catch (IOException e) {
            err.println("openpalm evaluate: cannot write the report to " + outFolder + ": " + e.getMessage());
            return 1;
        }
        out.print(Summary.of(metrics, outFolder));
        out.flush();
        return 0;
    }

    /** The folder as given, or when it does not exist and is relative, under $OPENPALM_DATASETS. */
    public static Path resolveDataset(Path given) {
        if (Files.isDirectory(given) || given.isAbsolute()) return given;
        String root = System.getenv("OPENPALM_DATASETS");
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root).resolve(given);
            if (Files.isDirectory(candidate)) return candidate;
        }
        return given;
    }
}
