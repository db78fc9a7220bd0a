package org.openpalm.cli.evaluate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
            "Writes report.json, scores.csv and det.png (DET curve) to the report folder.",
            "Generalisation: --subjects odd|even measures one part of a split by subject (subjects numbered in "
                    + "manifest order; odd = the tuning part, even = the checking part); --subjects split reports both "
                    + "side by side; --folds K the figures of each of K folds by subject, their mean and pooled.",
            "report.json also carries the product's protocol (system_*): per subject the first 3 captures of its "
                    + "first session enrolled as one palm, every later capture a probe."
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

    /** An option's enum value in lower case on the command line ({@code --landmarks mediapipe}), any case accepted. */
    abstract static class LowerCaseEnum<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        LowerCaseEnum(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            try {
                return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
    }

    static final class LandmarksConverter extends LowerCaseEnum<Landmarks> {
        LandmarksConverter() {
            super(Landmarks.class);
        }
    }

    static final class SubjectsConverter extends LowerCaseEnum<Subjects> {
        SubjectsConverter() {
            super(Subjects.class);
        }
    }

    static final class ProbeCameraConverter extends LowerCaseEnum<ProbeCamera> {
        ProbeCameraConverter() {
            super(ProbeCamera.class);
        }
    }

    /** Where the palm of a full-hand capture is found. */
    public enum Landmarks {
        /** The hand's contour against a plain background (the lab pipeline). */
        CONTOUR,
        /** MediaPipe Hands' 21 landmarks, found by the pages' code in headless chromium: any background. */
        MEDIAPIPE
    }

    @Option(names = "--landmarks", paramLabel = "FINDER", converter = LandmarksConverter.class,
            description = "contour (default) or mediapipe: full-hand captures' palm ROI cut from MediaPipe Hands landmarks,"
                    + " found by the pages' own code in headless chromium (needs /usr/bin/chromium).")
    Landmarks landmarks = Landmarks.CONTOUR;

    /** Which subjects are measured. */
    public enum Subjects {
        /** Every subject (the default). */
        ALL,
        /** Only the tuning part: odd-numbered subjects in manifest order. */
        ODD,
        /** Only the checking part: even-numbered subjects in manifest order. */
        EVEN,
        /** Every subject, and the tuning and checking parts side by side. */
        SPLIT
    }

    @Option(names = "--subjects", paramLabel = "PART", converter = SubjectsConverter.class,
            description = "all (default), odd (tuning part only), even (checking part only), or split (all, plus "
                    + "report.json objects 'tuning' and 'checking' side by side).")
    Subjects subjects = Subjects.ALL;

    @Option(names = "--folds", paramLabel = "K",
            description = "K folds by subject (subject n, in manifest order, in fold ((n-1) mod K)+1): each fold's "
                    + "figures on its own subjects, their mean and the folds pooled.")
    Optional<Integer> folds = Optional.empty();

    /** The camera of the probes. */
    public enum ProbeCamera {
        /** The dataset's own captures (the default). */
        SAME,
        /** Every probe re-rendered as a reader's webcam would have taken it ({@link WebcamRendition}): cross-device. */
        WEBCAM
    }

    @Option(names = "--probe-camera", paramLabel = "CAMERA", converter = ProbeCameraConverter.class,
            description = "same (default) or webcam: the captures the product's protocol enrols stay as they are, every other "
                    + "capture is re-rendered as a webcam's (simulated: warm ambient light, fixed-focus blur, lower resolution, "
                    + "sensor noise, MJPEG) in a scratch folder; the system figures are then cross-device, and for a "
                    + "one-session folder so are the cross-session figures.")
    ProbeCamera probeCamera = ProbeCamera.SAME;

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
        if (folds.isPresent() && subjects != Subjects.ALL) {
            err.println("openpalm evaluate: --folds and --subjects " + subjects.name().toLowerCase(java.util.Locale.ROOT)
                    + " cannot be combined (--subjects split is --folds 2 named tuning and checking)");
            return 2;
        }
        if (folds.isPresent() && (folds.get() < 2 || folds.get() > manifest.subjectCount())) {
            err.println("openpalm evaluate: --folds must be between 2 and the number of subjects ("
                    + manifest.subjectCount() + ")");
            return 2;
        }
        Path outFolder = report.orElse(Path.of("reports", manifest.name()));
        Manifest measured = switch (subjects) {
            case ALL, SPLIT -> manifest;
            case ODD -> only(manifest, SubjectFolds.TUNING_FOLD);
            case EVEN -> only(manifest, SubjectFolds.CHECKING_FOLD);
        };
        Optional<Path> scratch = Optional.empty();
        if (probeCamera == ProbeCamera.WEBCAM) {
            try {
                scratch = Optional.of(Files.createTempDirectory("openpalm-webcam-probes-"));
                // the dataset's own folder name inside the scratch folder: the report names the dataset, not the scratch
                measured = new WebcamRendition(WebcamRendition.Config.DEFAULT).probesRendered(measured, scratch.get().resolve(manifest.name()), err);
            } catch (IOException e) {
                err.println("openpalm evaluate: cannot render the webcam probes: " + e.getMessage());
                scratch.ifPresent(EvaluateCommand::deleteQuietly);
                return 1;
            }
        }
        try {
            return evaluate(manifest, measured, outFolder, out, err);
        } finally {
            scratch.ifPresent(EvaluateCommand::deleteQuietly);
        }
    }

    private Integer evaluate(Manifest manifest, Manifest measured, Path outFolder, PrintWriter out, PrintWriter err) throws InterruptedException {
        EvaluationConfig config = EvaluationConfig.defaults().withThreads(threads);
        TemplateMaker maker = new CaptureTemplateMaker(input, config.roiMaxSidePixels());
        if (landmarks == Landmarks.MEDIAPIPE) {
            Optional<TemplateMaker> withLandmarks = landmarkMaker(measured, err);
            if (withLandmarks.isEmpty()) return 1;
            maker = withLandmarks.get();
        }
        EvaluationRun run = new Evaluator(maker, config, err).run(measured);
        EvaluationReport metrics;
        Map<String, Object> parts = new LinkedHashMap<>();
        String partsSummary = "";
        try {
            metrics = EvaluationReport.of(run);
            if (subjects == Subjects.SPLIT) {
                FoldsReport split = FoldsReport.of(run, SubjectFolds.tuningAndChecking(manifest.entries()));
                EvaluationReport tuning = split.reports().get(SubjectFolds.TUNING_FOLD - 1);
                EvaluationReport checking = split.reports().get(SubjectFolds.CHECKING_FOLD - 1);
                parts.putAll(ReportFiles.splitJson(tuning, checking));
                partsSummary = Summary.parts(List.of("all", "tuning", "checking"), List.of(metrics, tuning, checking),
                        Optional.empty());
            } else if (folds.isPresent()) {
                FoldsReport byFold = FoldsReport.of(run, SubjectFolds.of(manifest.entries(), folds.get()));
                parts.putAll(ReportFiles.foldsJson(byFold));
                List<String> labels = new ArrayList<>();
                for (int f = 1; f <= folds.get(); f++) labels.add("fold " + f);
                partsSummary = Summary.parts(labels, byFold.reports(), Optional.of(byFold.pooled()));
            }
        } catch (IllegalArgumentException e) {
            err.println("openpalm evaluate: " + e.getMessage());
            return 1;
        }
        switch (probeCamera) {
            case SAME -> { }
            case WEBCAM -> parts.put("probe_camera", "webcam (simulated rendition of every probe; enrolled captures as taken; "
                    + "system_* are phone-enrolled palms against webcam probes" + (manifest.entries().stream().mapToInt(ManifestEntry::session)
                    .distinct().count() == 1 ? ", eer_cross_session the phone-vs-webcam pairs)" : ")"));
        }
        switch (subjects) {
            case ALL, SPLIT -> { }
            case ODD, EVEN -> parts.put("subjects_part", subjects == Subjects.ODD
                    ? "tuning (odd-numbered subjects)" : "checking (even-numbered subjects)");
        }
        try {
            ReportFiles.write(outFolder, run, metrics, parts, config);
        } catch (IOException e) {
            err.println("openpalm evaluate: cannot write the report to " + outFolder + ": " + e.getMessage());
            return 1;
        }
        out.print(Summary.of(metrics, outFolder));
        out.print(partsSummary);
        out.flush();
        return 0;
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a scratch folder under the system's temporary directory: left for the system to clean
        }
    }

    /** The manifest cut to one part of the odd/even split by subject. */
    private static Manifest only(Manifest manifest, int fold) {
        java.util.Set<String> part = SubjectFolds.tuningAndChecking(manifest.entries()).subjects(fold);
        return new Manifest(manifest.folder(),
                manifest.entries().stream().filter(e -> part.contains(e.subject())).toList());
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

    /** Landmarks of every image of the manifest, found in headless chromium before the evaluation. */
    private static Optional<TemplateMaker> landmarkMaker(Manifest manifest, PrintWriter err) throws InterruptedException {
        Optional<String> missing = MediaPipeLandmarks.missing();
        if (missing.isPresent()) {
            err.println("openpalm evaluate: --landmarks mediapipe needs chromium: " + missing.get());
            return Optional.empty();
        }
        try {
            java.util.List<byte[]> images = new java.util.ArrayList<>();
            for (ManifestEntry e : manifest.entries()) images.add(java.nio.file.Files.readAllBytes(manifest.folder().resolve(e.file())));
            err.printf("finding hand landmarks of %d images with MediaPipe Hands in headless chromium...%n", images.size());
            err.flush();
            var found = MediaPipeLandmarks.find(images, 10, err);
            Map<String, Optional<java.util.List<org.openpalm.biometrics.ImagePoint>>> byDigest = new java.util.HashMap<>();
            for (int i = 0; i < images.size(); i++) byDigest.put(LandmarkTemplateMaker.digest(images.get(i)), found.get(i));
            return Optional.of(new LandmarkTemplateMaker(byDigest));
        } catch (java.io.IOException e) {
            err.println("openpalm evaluate: hand landmarks failed: " + e.getMessage());
            return Optional.empty();
        }
    }
}
