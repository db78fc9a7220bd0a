package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.cli.OpenPalmCommand;
import picocli.CommandLine;

/** {@code openpalm evaluate} end to end, on real images; skipped visibly without the datasets. */
class EvaluateCommandTest {
    private static final List<String> KEYS = List.of("dataset", "images", "subjects", "fta", "fta_reasons",
            "genuine_pairs", "impostor_pairs", "eer", "eer_threshold", "eer_cross_session", "fnmr_at_fmr_1e-3",
            "fnmr_at_fmr_1e-4", "rank1", "fnir_at_fpir_1e-2", "extract_ms_median", "match_us_median",
            "replays");

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void evaluatesTongjiAndWritesTheReport() throws IOException {
        Path dataset = Datasets.require("tongji-roi");
        Path report = temp.resolve("report");

        int exit = run("evaluate", dataset.toString(), "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        for (String key : KEYS) assertThat(json).contains("\"" + key + "\":");
        assertThat(number(json, "images")).isEqualTo(200);
        assertThat(number(json, "subjects")).isEqualTo(10);
        assertThat(number(json, "fta")).isZero();
        // 10 subjects x C(20,2) genuine pairs; C(200,2) pairs in all.
        assertThat(number(json, "genuine_pairs")).isEqualTo(1900);
        assertThat(number(json, "impostor_pairs")).isEqualTo(19900 - 1900);
        // Sane, not a benchmark: any working engine separates these palms far better than chance.
        assertThat(number(json, "eer")).isBetween(0.0, 0.2);
        assertThat(number(json, "eer_cross_session")).isBetween(0.0, 0.3);
        assertThat(number(json, "fnmr_at_fmr_1e-4")).isBetween(number(json, "fnmr_at_fmr_1e-3"), 1.0);
        assertThat(number(json, "rank1")).isBetween(0.8, 1.0);
        assertThat(number(json, "fnir_at_fpir_1e-2")).isBetween(0.0, 1.0);
        assertThat(number(json, "extract_ms_median")).isPositive();
        assertThat(number(json, "match_us_median")).isPositive();
        assertThat(number(json, "replays")).as("different captures are never replays").isZero();

        List<String> scores = Files.readAllLines(report.resolve("scores.csv"));
        assertThat(scores.getFirst()).isEqualTo("file_a,file_b,genuine,cross_session,score");
        assertThat(scores).hasSize(1 + 19900);
        assertThat(scores.stream().skip(1).filter(l -> l.split(",")[2].equals("true"))).hasSize(1900);

        BufferedImage det = ImageIO.read(report.resolve("det.png").toFile());
        assertThat(det.getWidth()).isEqualTo(EvaluationConfig.defaults().detWidthPixels());
        assertThat(det.getHeight()).isEqualTo(EvaluationConfig.defaults().detHeightPixels());

        assertThat(out.toString()).contains("tongji-roi").contains("EER").contains("rank-1").contains("report.json");
        assertThat(err.toString()).contains("templates").contains("200/200 100%").contains("\r");
    }

    @Test
    void aCorruptImageIsAFailureToAcquireAndItsGenuinePairsFail() throws IOException {
        Path source = Datasets.require("tongji-roi");
        // Two images each of the first two subjects, and a third image of the first subject cut
        // to its first 100 bytes (a header, no pixels). Images are copied to a temp folder only.
        Path dataset = temp.resolve("tiny");
        List<ManifestEntry> picked = copyTwoImagesOfTwoSubjects(source, dataset);
        StringBuilder manifest = manifestOf(picked);
        byte[] bmp = Files.readAllBytes(source.resolve(picked.getFirst().file()));
        Files.write(dataset.resolve("corrupt.bmp"), Arrays.copyOf(bmp, 100));
        ManifestEntry corrupt = new ManifestEntry("corrupt.bmp", picked.getFirst().subject(), "unknown", 2, 9);
        manifest.append(csv(corrupt));
        Files.writeString(dataset.resolve(Manifest.FILE_NAME), manifest);
        Path report = temp.resolve("tiny-report");

        int exit = run("evaluate", dataset.toString(), "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        assertThat(number(json, "images")).isEqualTo(5);
        assertThat(number(json, "fta")).isEqualTo(0.2);
        assertThat(json).containsPattern("\"fta_reasons\": \\{\\s*\"(truncated|not_an_image|empty)\": 1\\s*}");
        // Nothing dropped: 1 + 3 genuine pairs (first subject has three images), 6 impostor pairs.
        assertThat(number(json, "genuine_pairs")).isEqualTo(4);
        assertThat(number(json, "impostor_pairs")).isEqualTo(6);
        // The corrupt image's two genuine pairs are false non-matches at any real threshold.
        assertThat(number(json, "fnmr_at_fmr_1e-4")).isGreaterThanOrEqualTo(0.5);
        List<String> withCorrupt = Files.readAllLines(report.resolve("scores.csv")).stream()
                .filter(l -> l.contains("corrupt.bmp")).toList();
        assertThat(withCorrupt).hasSize(4).allSatisfy(l -> assertThat(l).endsWith(",-inf"));
        assertThat(withCorrupt.stream().filter(l -> l.split(",")[2].equals("true"))).hasSize(2);
        assertThat(out.toString()).contains("20.00%");
    }

    @Test
    void aRepeatedFrameIsReportedAsAReplay() throws IOException {
        Path source = Datasets.require("tongji-roi");
        // Two subjects, two images each; then the first image again under another name, and a
        // lossless re-encoding (PNG) of the second: both repeat a frame already sent.
        Path dataset = temp.resolve("replayed");
        List<ManifestEntry> picked = copyTwoImagesOfTwoSubjects(source, dataset);
        StringBuilder manifest = manifestOf(picked);
        ManifestEntry first = picked.get(0);
        ManifestEntry second = picked.get(1);
        Files.copy(source.resolve(first.file()), dataset.resolve("again.bmp"));
        manifest.append(csv(new ManifestEntry("again.bmp", first.subject(), first.hand(), 2, 8)));
        ImageIO.write(ImageIO.read(source.resolve(second.file()).toFile()), "png", dataset.resolve("again.png").toFile());
        manifest.append(csv(new ManifestEntry("again.png", second.subject(), second.hand(), 2, 9)));
        Files.writeString(dataset.resolve(Manifest.FILE_NAME), manifest);
        Path report = temp.resolve("replayed-report");

        int exit = run("evaluate", dataset.toString(), "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        assertThat(number(json, "replays")).isEqualTo(2);
        assertThat(json).containsPattern("\"again.bmp\": \\{\\s*\"earlier\": \"" + Pattern.quote(first.file())
                + "\",\\s*\"reason\": \"identical_bytes\"");
        assertThat(json).containsPattern("\"again.png\": \\{\\s*\"earlier\": \"" + Pattern.quote(second.file())
                + "\",\\s*\"reason\": \"near_identical_template\"");
        assertThat(out.toString()).contains("again.bmp repeats " + first.file() + ", identical bytes");
    }

    @Test
    void theSystemProtocolEnrolsThreeCapturesPerPalmAndProbesWithTheRest() throws IOException {
        // 4 synthetic palms x 6 captures (session 1: 3, session 2: 3). Palm 4's session-2 files
        // are replaced by copies of palm 1's enrolled captures: those 3 probes score 100 against
        // palm 1 (identical templates), above anything their own palm can reach.
        Path dataset = synth(4, 6);
        for (int k = 1; k <= 3; k++) {
            Files.copy(dataset.resolve(String.format("synth-00001_s1_%02d.png", k)),
                    dataset.resolve(String.format("synth-00004_s2_%02d.png", k)),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path report = temp.resolve("system-report");

        int exit = run("evaluate", dataset.toString(), "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        assertThat(number(json, "system_palms")).isEqualTo(4);
        assertThat(number(json, "system_probes")).isEqualTo(12);
        assertThat(number(json, "system_impostor_scores")).isEqualTo(12 * 3);
        // The 9 genuine probes find their palm first; the 3 copies find palm 1.
        assertThat(number(json, "system_rank1")).isEqualTo(0.75);
        // An impostor score of 100 (the copies) leaves no threshold with FMR <= 1e-4 but reject-all.
        assertThat(number(json, "system_fnmr_at_fmr_1e-4")).isEqualTo(1.0);
        assertThat(number(json, "system_fnir_at_fpir_1e-2")).isBetween(0.25, 1.0);
        assertThat(out.toString()).contains("system (enrol 3)").contains("12 probes, 4 palms");
    }

    @Test
    void splitReportsTheTuningAndCheckingPartsSideBySide() throws IOException {
        Path dataset = synth(4, 6);
        Path report = temp.resolve("split-report");

        int exit = run("evaluate", dataset.toString(), "--subjects", "split", "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        String tuning = object(json, "tuning");
        String checking = object(json, "checking");
        for (String part : List.of(tuning, checking)) {
            assertThat(number(part, "subjects")).isEqualTo(2);
            assertThat(number(part, "images")).isEqualTo(12);
            // Impostor pairs only between the part's own subjects: 6 x 6.
            assertThat(number(part, "impostor_pairs")).isEqualTo(36);
            assertThat(number(part, "system_probes")).isEqualTo(6);
            assertThat(number(part, "system_palms")).isEqualTo(2);
        }
        assertThat(number(json, "subjects")).isEqualTo(4);
        assertThat(out.toString()).contains("tuning").contains("checking");
    }

    @Test
    void oddAndEvenMeasureOnePartOnly() throws IOException {
        Path dataset = synth(4, 6);
        Path odd = temp.resolve("odd-report");
        Path even = temp.resolve("even-report");

        assertThat(run("evaluate", dataset.toString(), "--subjects", "odd", "--report", odd.toString()))
                .as(err.toString()).isZero();
        assertThat(run("evaluate", dataset.toString(), "--subjects", "EVEN", "--report", even.toString()))
                .as(err.toString()).isZero();

        List<String> oddFiles = Files.readAllLines(odd.resolve("scores.csv"));
        List<String> evenFiles = Files.readAllLines(even.resolve("scores.csv"));
        assertThat(oddFiles.stream().skip(1)).allMatch(l -> l.matches("synth-0000[13]_.*,synth-0000[13]_.*"));
        assertThat(evenFiles.stream().skip(1)).allMatch(l -> l.matches("synth-0000[24]_.*,synth-0000[24]_.*"));
        assertThat(Files.readString(odd.resolve("report.json"))).contains("\"subjects_part\": \"tuning");
        assertThat(Files.readString(even.resolve("report.json"))).contains("\"subjects_part\": \"checking");
    }

    @Test
    void foldsReportEachFoldItsMeanAndThePooledScores() throws IOException {
        Path dataset = synth(4, 6);
        Path report = temp.resolve("folds-report");

        int exit = run("evaluate", dataset.toString(), "--folds", "2", "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        assertThat(json).contains("\"folds\": [");
        assertThat(number(object(json, "folds_mean"), "subjects")).isEqualTo(2);
        assertThat(number(object(json, "folds_pooled"), "system_probes")).isEqualTo(12);
        assertThat(number(object(json, "folds_pooled"), "eer")).isBetween(0.0, 0.5);
        assertThat(out.toString()).contains("fold 1").contains("fold 2").contains("pooled");
    }

    @Test
    void foldsAndAPartTogetherOrTooManyFoldsAreUsageErrors() throws IOException {
        Path dataset = synth(4, 6);

        assertThat(run("evaluate", dataset.toString(), "--folds", "2", "--subjects", "odd")).isEqualTo(2);
        assertThat(run("evaluate", dataset.toString(), "--folds", "5")).isEqualTo(2);
        assertThat(run("evaluate", dataset.toString(), "--subjects", "halves")).isEqualTo(2);
        assertThat(err.toString()).contains("--folds").contains("halves");
    }

    /** {@code openpalm synth} into a temp folder. */
    private Path synth(int identities, int samples) {
        Path dataset = temp.resolve("synth-" + identities + "x" + samples);
        int exit = run("synth", "--identities", String.valueOf(identities), "--samples", String.valueOf(samples),
                "--seed", "3", "--out", dataset.toString(), "--no-progress");
        assertThat(exit).as(err.toString()).isZero();
        return dataset;
    }

    /** The text of a top-level JSON object member, up to its closing brace at the same indent. */
    private static String object(String json, String key) {
        int start = json.indexOf("\n  \"" + key + "\": {");
        assertThat(start).as("object %s in %s", key, json).isNotNegative();
        int end = json.indexOf("\n  }", start);
        return json.substring(start, end);
    }

    @Test
    void webcamProbesAreRenderedInAScratchFolderAndScoredAgainstTheEnrolledCaptures() throws IOException {
        Path dataset = synth(4, 6);
        List<String> before;
        try (var files = Files.list(dataset)) {
            before = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        byte[] probe = Files.readAllBytes(dataset.resolve("synth-00001_s2_01.png"));
        Path report = temp.resolve("webcam-report");

        int exit = run("evaluate", dataset.toString(), "--probe-camera", "webcam", "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        String json = Files.readString(report.resolve("report.json"));
        assertThat(json).contains("\"probe_camera\": \"webcam").contains("\"dataset\": \"" + dataset.getFileName());
        // the product's protocol as before: 3 captures enrolled per palm, the other 3 rendered probes
        assertThat(number(json, "system_palms")).isEqualTo(4);
        assertThat(number(json, "system_probes")).isEqualTo(12);
        assertThat(number(json, "system_rank1")).isBetween(0.0, 1.0);
        assertThat(err.toString()).contains("rendering probes as a webcam's: 24/24");
        // the dataset itself is untouched, and no scratch copy is left behind
        try (var files = Files.list(dataset)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).isEqualTo(before);
        }
        assertThat(Files.readAllBytes(dataset.resolve("synth-00001_s2_01.png"))).isEqualTo(probe);
        try (var scratch = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(scratch.filter(f -> f.getFileName().toString().startsWith("openpalm-webcam-probes-"))).isEmpty();
        }
    }

    @Test
    void aFolderWithoutManifestIsAnError() {
        int exit = run("evaluate", temp.toString(), "--report", temp.resolve("r").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("manifest.csv");
    }

    private int run(String... args) {
        return new CommandLine(new OpenPalmCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    /** Copies the first two images of the first two subjects of {@code source} into {@code dataset}. */
    private static List<ManifestEntry> copyTwoImagesOfTwoSubjects(Path source, Path dataset) throws IOException {
        Manifest full;
        try {
            full = Manifest.read(source);
        } catch (ManifestException e) {
            throw new AssertionError(e);
        }
        List<ManifestEntry> picked = new ArrayList<>();
        for (String subject : full.entries().stream().map(ManifestEntry::subject).distinct().limit(2).toList()) {
            full.entries().stream().filter(e -> e.subject().equals(subject)).limit(2).forEach(picked::add);
        }
        Files.createDirectories(dataset);
        for (ManifestEntry e : picked) Files.copy(source.resolve(e.file()), dataset.resolve(e.file()));
        return picked;
    }

    private static StringBuilder manifestOf(List<ManifestEntry> entries) {
        StringBuilder manifest = new StringBuilder("file,subject,hand,session,sample\n");
        for (ManifestEntry e : entries) manifest.append(csv(e));
        return manifest;
    }

    private static String csv(ManifestEntry e) {
        return String.join(",", e.file(), e.subject(), e.hand(), String.valueOf(e.session()),
                String.valueOf(e.sample())) + "\n";
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (-?[0-9.Ee+-]+)").matcher(json);
        assertThat(m.find()).as("numeric key %s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
