package org.openpalm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openpalm.biometrics.Candidate;
import org.openpalm.biometrics.Decision;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.Identification;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.SyntheticPalms;
import org.openpalm.biometrics.SyntheticTemplates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The recognition demo: shoppers enrol one palm each, then pay by palm at a till among a crowd of
 * other enrolled palms; each payment is a 1:N identification. Uses the real ROI datasets when
 * present (../shared/datasets or $OPENPALM_DATASETS), synthetic palms otherwise, and writes the
 * captures it used so they can be looked at.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Palm payment recognition demo: enrol shoppers, then identify them at a till among a crowd",
            "of enrolled palms (1:N). Works on a bare machine (synthetic palms); uses the real",
            "datasets when they are present."
        })
public final class DemoCommand implements Callable<Integer> {
    /** Tuning of the demo run. */
    record DemoConfig(int syntheticShoppers, int syntheticSamplesPerShopper, int crowdPalms, long seed) {
        static final DemoConfig DEFAULT = new DemoConfig(20, 4, 100_000, 2026);
    }

    /** A shopper's captures: the first enrols, the rest pay. */
    private record Shopper(String name, List<PalmImage> captures) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--crowd", paramLabel = "N", description = "other enrolled palms in the gallery (default ${DEFAULT-VALUE})")
    int crowd = DemoConfig.DEFAULT.crowdPalms();

    @Option(names = "--out", paramLabel = "DIR", description = "where the sample captures are written (default ${DEFAULT-VALUE})")
    Path out = Path.of(".openpalm", "demo-captures");

    @Option(names = "--synthetic", description = "use synthetic palms even when the datasets are present")
    boolean syntheticOnly;

    @Override
    public Integer call() throws Exception {
        var console = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (crowd < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--crowd must not be negative");
        DemoConfig config = DemoConfig.DEFAULT;
        Optional<Path> dataset = syntheticOnly ? Optional.empty() : findDataset();
        List<Shopper> shoppers = dataset.isPresent() ? loadShoppers(dataset.get()) : synthesise(config);
        console.printf(Locale.ROOT, "OpenPalm demo: %d shoppers from %s%n", shoppers.size(),
                dataset.map(Path::toString).orElse("synthetic palms (no dataset found)"));

        PalmIndex index = new PalmIndex();
        SyntheticTemplates crowdPalms = new SyntheticTemplates(config.seed());
        try (ProgressBar bar = new ProgressBar(err, "crowd", crowd, 100)) {
            for (int i = 0; i < crowd; i++) {
                index.put(EnrolmentId.of("crowd-" + i), crowdPalms.enrolment(i));
                bar.advance(1);
            }
        }
        for (Shopper s : shoppers) index.put(EnrolmentId.of(s.name()), PalmTemplate.fromRoi(s.captures().getFirst()));
        console.printf(Locale.ROOT, "enrolled: %d shoppers + %d other palms = %,d palms in the index%n%n",
                shoppers.size(), crowd, index.size());

        writeCaptures(shoppers);
        int payments = 0;
        int recognised = 0;
        int wrong = 0;
        List<Double> millis = new ArrayList<>();
        int notRecognised = 0;
        for (Shopper s : shoppers) {
            boolean shown = false;
            for (PalmImage capture : s.captures().subList(1, s.captures().size())) {
                long start = System.nanoTime();
                Identification id = index.identify(PalmTemplate.fromRoi(capture), 3);
                double ms = (System.nanoTime() - start) / 1e6;
                millis.add(ms);
                payments++;
                String outcome = switch (id.decision()) {
                    case Decision.Match(Candidate c) when c.id().value().equals(s.name()) -> {
                        recognised++;
                        yield String.format(Locale.ROOT, "paid as %s (score %.1f)", s.name(), c.score());
                    }
                    case Decision.Match(Candidate c) -> {
                        wrong++;
                        yield "WRONG PERSON " + c.id().value();
                    }
                    case Decision.Undecided u -> {
                        notRecognised++;
                        yield "asks for the last 4 phone digits (two palms close)";
                    }
                    case Decision.NoMatch n -> {
                        notRecognised++;
                        yield "not recognised: please try again";
                    }
                };
                if (!shown) console.printf(Locale.ROOT, "  till: %-14s -> %s in %.1f ms%n", s.name(), outcome, ms);
                shown = true;
            }
        }
        PalmImage stranger = SyntheticPalms.withSeed(config.seed() + 1).capture(0, 1, 1);
        Decision strangerDecision = index.identify(PalmTemplate.fromRoi(stranger), 3).decision();
        String strangerOutcome = switch (strangerDecision) {
            case Decision.Match m -> "WRONGLY paid as " + m.candidate().id().value();
            case Decision.Undecided u -> "asked for the phone digits";
            case Decision.NoMatch n -> "not recognised, as it should be";
        };
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        console.printf(Locale.ROOT, "  ... %d more payments%n  till: a stranger (never enrolled) -> %s%n%n",
                Math.max(0, payments - shoppers.size()), strangerOutcome);
        console.printf(Locale.ROOT, "payments: %d; paid by the right palm: %d; asked to retry or for the hint: %d;"
                + " wrong person: %d; median identification %.1f ms%n",
                payments, recognised, notRecognised, wrong, sorted.length == 0 ? 0.0 : sorted[sorted.length / 2]);
        console.printf(Locale.ROOT, "sample captures: %s (./openpalm evaluate %s)%n", out.toAbsolutePath(), out);
        return wrong == 0 ? 0 : 1;
    }

    private static Optional<Path> findDataset() {
        String env = System.getenv("OPENPALM_DATASETS");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "datasets");
        Path tongji = root.resolve("tongji-roi");
        return Files.isRegularFile(tongji.resolve("manifest.csv")) ? Optional.of(tongji) : Optional.empty();
    }

    private static List<Shopper> loadShoppers(Path dataset) throws IOException, PalmImageException {
        List<String> lines = Files.readAllLines(dataset.resolve("manifest.csv"));
        java.util.LinkedHashMap<String, List<PalmImage>> bySubject = new java.util.LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            PalmImage image = PalmImage.decode(Files.readAllBytes(dataset.resolve(f[0])));
            bySubject.computeIfAbsent(f[1], k -> new ArrayList<>()).add(image);
        }
        return bySubject.entrySet().stream().map(e -> new Shopper(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    private static List<Shopper> synthesise(DemoConfig config) {
        SyntheticPalms palms = SyntheticPalms.withSeed(config.seed());
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < config.syntheticShoppers(); i++) {
            SyntheticPalms.Palm palm = palms.palm(i);
            List<PalmImage> captures = new ArrayList<>();
            for (int k = 1; k <= config.syntheticSamplesPerShopper(); k++) captures.add(palm.capture(k == 1 ? 1 : 2, k));
            shoppers.add(new Shopper(String.format(Locale.ROOT, "shopper-%02d", i + 1), captures));
        }
        return shoppers;
    }

    /** The captures as PNGs with a manifest in the dataset format, so evaluate can run on them. */
    private void writeCaptures(List<Shopper> shoppers) throws IOException {
        Files.createDirectories(out);
        List<String> manifest = new ArrayList<>(List.of("file,subject,hand,session,sample"));
        for (Shopper s : shoppers) {
            for (int k = 0; k < s.captures().size(); k++) {
                String file = s.name() + "_" + (k + 1) + ".png";
                Files.write(out.resolve(file), s.captures().get(k).toPng());
                manifest.add(String.join(",", file, s.name(), "unknown", k == 0 ? "1" : "2", String.valueOf(k + 1)));
            }
        }
        Files.write(out.resolve("manifest.csv"), (String.join("\n", manifest) + "\n").getBytes());
    }
}
