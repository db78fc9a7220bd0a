package org.openpalm.biometrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real ROI datasets ({@code openpalm.datasets}); tests skip visibly when they are absent. */
final class RealDatasets {
    static final List<String> ROI = List.of("tongji-roi", "polyu-ms-green-roi", "polyu-ms-nir-roi");
    private static final Map<String, List<Sample>> CACHE = new ConcurrentHashMap<>();

    record Sample(String file, String subject, int session, PalmTemplate template) {}

    private RealDatasets() {}

    static Path root() {
        String configured = System.getProperty("openpalm.datasets", System.getenv("OPENPALM_DATASETS"));
        return Path.of(configured == null ? "../../shared/datasets" : configured);
    }

    /** The templates of one ROI dataset, or the test is skipped with the reason. */
    static List<Sample> load(String name) {
        Path dir = root().resolve(name);
        assumeTrue(Files.isRegularFile(dir.resolve("manifest.csv")),
                "SKIPPED: dataset " + dir + " not found (set -Dopenpalm.datasets)");
        return CACHE.computeIfAbsent(name, n -> read(dir));
    }

    private static List<Sample> read(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("manifest.csv"));
            List<Sample> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                PalmImage image = PalmImage.decode(Files.readAllBytes(dir.resolve(f[0])));
                out.add(new Sample(f[0], f[1], Integer.parseInt(f[3]), PalmTemplate.fromRoi(image)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PalmImageException e) {
            throw new IllegalStateException(e);
        }
    }
}
