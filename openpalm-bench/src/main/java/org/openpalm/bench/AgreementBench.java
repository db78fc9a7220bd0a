package org.openpalm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.openpalm.biometrics.Candidate;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.IndexConfig;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.SyntheticTemplates;
import org.openpalm.cli.evaluate.CaptureTemplateMaker;
import org.openpalm.cli.evaluate.EvaluateCommand;
import org.openpalm.cli.evaluate.EvaluationConfig;
import org.openpalm.cli.evaluate.Extraction;
import org.openpalm.cli.evaluate.Manifest;
import org.openpalm.cli.evaluate.ManifestEntry;
import org.openpalm.cli.evaluate.ManifestException;
import org.openpalm.cli.evaluate.SubjectFolds;

/**
 * {@code bench agreement DATASET...}: does the index's coarse-to-fine search find what exhaustive
 * search finds, on the tuning part and on the checking part of each dataset (the subject split of
 * {@code evaluate --subjects split})? Each part's acquired images are enrolled (one id per image)
 * among synthetic distractors; every image is then a probe, and the best candidate other than
 * itself is compared between {@link PalmIndex#identify} and {@link PalmIndex#identifyExhaustive}
 * (the same id, or the same score on a tie). Rank-1 (that candidate is the probe's own palm, for
 * probes whose palm has another image) is given for both searches.
 *
 * <p>{@code CoarseToFineAgreementTest} checks the ROI sets in the test run; this covers the
 * full-hand sets too (through {@code PalmCapture.acquire}, as {@code evaluate} takes them) and
 * gives both parts, so a change to the coarse search can be judged on people it was not chosen on.
 */
final class AgreementBench {
    private AgreementBench() {}

    /** One part of one dataset. */
    record PartResult(String dataset, String part, int images, int acquired, int agree, int rankOneProbes, int indexRankOne,
                      int exhaustiveRankOne) {
        String json() {
            return String.format(Locale.ROOT, "{\"dataset\":\"%s\",\"part\":\"%s\",\"images\":%d,\"acquired\":%d,\"index_agrees_with_exhaustive\":%d,"
                    + "\"rank1_probes\":%d,\"index_rank1\":%d,\"exhaustive_rank1\":%d}",
                    dataset, part, images, acquired, agree, rankOneProbes, indexRankOne, exhaustiveRankOne);
        }
    }

    static int run(String[] args) {
        int distractorCount = 10_000;
        boolean json = false;
        List<String> datasets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--distractors" -> distractorCount = Integer.parseInt(args[++i]);
                case "--json" -> json = true;
                default -> datasets.add(args[i]);
            }
        }
        if (datasets.isEmpty()) {
            System.err.println("usage: bench agreement [--distractors N] [--json] DATASET...   (a bare name is looked up in $OPENPALM_DATASETS)");
            return 2;
        }
        SyntheticTemplates synth = new SyntheticTemplates(2024);
        List<PalmTemplate> distractors = IntStream.range(0, distractorCount).parallel().mapToObj(synth::enrolment).toList();
        CaptureTemplateMaker maker = new CaptureTemplateMaker(CaptureTemplateMaker.InputKind.AUTO, EvaluationConfig.defaults().roiMaxSidePixels());
        for (String name : datasets) {
            Manifest manifest;
            try {
                manifest = Manifest.read(EvaluateCommand.resolveDataset(Path.of(name)));
            } catch (ManifestException e) {
                System.err.println("bench agreement: " + e.getMessage());
                return 2;
            }
            List<ManifestEntry> entries = manifest.entries();
            List<Extraction> acquired = entries.parallelStream().map(e -> maker.acquire(read(manifest.folder().resolve(e.file())))).toList();
            SubjectFolds split = SubjectFolds.tuningAndChecking(entries);
            for (int part = 1; part <= 2; part++) {
                PartResult r = measure(manifest.name(), part == 1 ? "tuning" : "checking", entries, acquired, split.subjects(part), distractors);
                System.out.println(json ? r.json() : String.format(Locale.ROOT,
                        "%-20s %-8s images %3d acquired %3d  index = exhaustive %3d of %3d  rank-1 index %3d exhaustive %3d of %3d",
                        r.dataset(), r.part(), r.images(), r.acquired(), r.agree(), r.acquired(), r.indexRankOne(), r.exhaustiveRankOne(),
                        r.rankOneProbes()));
            }
        }
        return 0;
    }

    private static PartResult measure(String dataset, String part, List<ManifestEntry> entries, List<Extraction> acquisitions, Set<String> subjects,
                                      List<PalmTemplate> distractors) {
        record Probe(ManifestEntry entry, PalmTemplate template) {
            String palm() {
                return entry.subject() + "/" + entry.hand();
            }
        }
        List<Probe> probes = new ArrayList<>();
        int images = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!subjects.contains(entries.get(i).subject())) continue;
            images++;
            switch (acquisitions.get(i)) {
                case Extraction.Acquired a -> probes.add(new Probe(entries.get(i), a.template()));
                case Extraction.Failed f -> { } // a failure to acquire: neither enrolled nor a probe
            }
        }
        PalmIndex index = new PalmIndex(IndexConfig.DEFAULT);
        for (int i = 0; i < distractors.size(); i++) index.put(EnrolmentId.of("synthetic-" + i), distractors.get(i));
        for (Probe p : probes) index.put(EnrolmentId.of(p.entry().file()), p.template());
        Map<String, String> palmOfId = new HashMap<>();
        Map<String, Integer> imagesOfPalm = new HashMap<>();
        for (Probe p : probes) {
            palmOfId.put(p.entry().file(), p.palm());
            imagesOfPalm.merge(p.palm(), 1, Integer::sum);
        }
        int agree = 0;
        int rankOneProbes = 0;
        int indexRankOne = 0;
        int exhaustiveRankOne = 0;
        for (Probe p : probes) {
            Candidate exhaustive = bestOther(index.identifyExhaustive(p.template(), 2), p.entry().file());
            Candidate fast = bestOther(index.identify(p.template(), 2).candidates(), p.entry().file());
            if (fast.id().equals(exhaustive.id()) || fast.score() == exhaustive.score()) agree++;
            if (imagesOfPalm.get(p.palm()) > 1) {
                rankOneProbes++;
                if (p.palm().equals(palmOfId.get(fast.id().value()))) indexRankOne++;
                if (p.palm().equals(palmOfId.get(exhaustive.id().value()))) exhaustiveRankOne++;
            }
        }
        return new PartResult(dataset, part, images, probes.size(), agree, rankOneProbes, indexRankOne, exhaustiveRankOne);
    }

    private static Candidate bestOther(List<Candidate> candidates, String self) {
        return candidates.stream().filter(c -> !c.id().value().equals(self)).findFirst().orElseThrow();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
