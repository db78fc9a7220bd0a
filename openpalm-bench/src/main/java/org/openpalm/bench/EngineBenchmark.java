package org.openpalm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.IndexConfig;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.SyntheticTemplates;
import org.openpalm.biometrics.TemplateProtectionKey;

/**
 * Engine micro-benchmarks: template extraction from a 128 x 128 ROI, one comparison with
 * its whole shift search, and one identification in a protected 10,000-palm gallery. Run: {@code ./openpalm bench jmh EngineBenchmark}.
 *
 * <p>The ROI is a real one (tongji-roi, first image) when the datasets are found
 * ({@code -Dopenpalm.datasets}, {@code OPENPALM_DATASETS}, or {@code ../shared/datasets}), else
 * a synthetic image of dark random lines: extraction time does not depend on the content.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBenchmark {
    private PalmImage roi;
    private PalmMatcher matcher;
    private PalmTemplate candidate;

    @Setup
    public void setup() throws IOException, PalmImageException {
        roi = realRoi().orElse(syntheticRoi());
        PalmTemplate probe = PalmTemplate.fromRoi(roi);
        matcher = new PalmMatcher(probe);
        candidate = PalmTemplate.fromRoi(syntheticRoi());
    }

    @Benchmark
    public PalmTemplate extractTemplate() {
        return PalmTemplate.fromRoi(roi);
    }

    @Benchmark
    public double compareWithShiftSearch() {
        return matcher.match(candidate);
    }

    /**
     * One identification in a 10,000-palm gallery of protected templates (the server's index on
     * the payment path): coarse scan, the probe's protected aligned copies, fine matching of the
     * shortlist. Probes alternate genuine (a new capture of an enrolled palm) and impostor.
     */
    @State(Scope.Benchmark)
    public static class ProtectedGallery {
        static final int PALMS = 10_000;
        static final int PROBES = 64;
        PalmIndex index;
        PalmTemplate[] probes;
        int next;

        @Setup
        public void setup() {
            SyntheticTemplates synth = new SyntheticTemplates(11);
            index = new PalmIndex(IndexConfig.DEFAULT, TemplateProtectionKey.of(new byte[TemplateProtectionKey.KEY_BYTES]));
            for (int i = 0; i < PALMS; i++) index.put(new EnrolmentId("palm-" + i), synth.enrolment(i));
            probes = new PalmTemplate[PROBES];
            for (int i = 0; i < PROBES; i++) {
                probes[i] = i % 2 == 0 ? synth.capture(i * 151L % PALMS, 1 + i) : synth.enrolment(1_000_000L + i);
            }
        }
    }

    @Benchmark
    public Object identifyProtected10k(ProtectedGallery g) {
        PalmTemplate probe = g.probes[g.next++ & (ProtectedGallery.PROBES - 1)];
        return g.index.identify(probe, 5);
    }

    static java.util.Optional<PalmImage> realRoi() throws IOException, PalmImageException {
        String configured = System.getProperty("openpalm.datasets", System.getenv("OPENPALM_DATASETS"));
        Path root = Path.of(configured == null ? "../shared/datasets" : configured);
        Path image = root.resolve("tongji-roi").resolve("s1_00001.bmp");
        if (!Files.isRegularFile(image)) return java.util.Optional.empty();
        return java.util.Optional.of(PalmImage.decode(Files.readAllBytes(image)));
    }

    static PalmImage syntheticRoi() {
        int side = 128;
        byte[] pixels = new byte[side * side];
        java.util.Arrays.fill(pixels, (byte) 170);
        SplittableRandom random = new SplittableRandom(5);
        for (int line = 0; line < 40; line++) {
            double x = random.nextDouble(side);
            double y = random.nextDouble(side);
            double angle = random.nextDouble(Math.PI);
            for (int t = -30; t <= 30; t++) {
                int px = (int) (x + t * Math.cos(angle));
                int py = (int) (y + t * Math.sin(angle));
                if (px >= 0 && py >= 0 && px < side && py < side) pixels[py * side + px] = (byte) 90;
            }
        }
        return PalmImage.ofGrey(side, side, pixels);
    }
}
