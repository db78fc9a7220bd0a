package org.openpalm.biometrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared palm datasets (never copied into the repository): {@code $OPENPALM_DATASETS}, else
 * the {@code openpalm.datasets} system property set by the build ({@code ../shared/datasets}).
 * Tests that need them are skipped, with a visible message, where they are absent.
 */
public final class Datasets {
    private Datasets() {}

    /** One manifest row with its decoded image. */
    public record Sample(String file, String subject, int session, PalmImage image) {}

    public static Path root() {
        String env = System.getenv("OPENPALM_DATASETS");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("openpalm.datasets", "../shared/datasets"));
    }

    /** The dataset folder, or a skipped test with a message saying where it was looked for. */
    public static Path require(String name) {
        Path dir = root().resolve(name);
        boolean present = Files.isRegularFile(dir.resolve("manifest.csv"));
        if (!present) {
            System.err.println("SKIPPED: dataset " + name + " not found at " + dir.toAbsolutePath()
                    + " (set OPENPALM_DATASETS to the datasets folder)");
        }
        assumeTrue(present, "dataset " + name + " not found at " + dir.toAbsolutePath());
        return dir;
    }

    public static List<Sample> load(String name) {
        Path dir = require(name);
        try {
            List<String> lines = Files.readAllLines(dir.resolve("manifest.csv"));
            List<Sample> samples = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                PalmImage image = PalmImage.decode(Files.readAllBytes(dir.resolve(f[0])));
                samples.add(new Sample(f[0], f[1], Integer.parseInt(f[3]), image));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PalmImageException e) {
            throw new AssertionError("dataset image could not be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * The checking part of a dataset: its even-numbered subjects, numbered 1, 2, 3... in the
     * order they first appear in the manifest (the rule of {@code openpalm evaluate --subjects
     * even}). Constants are chosen on the odd-numbered ones; accuracy is asserted on these.
     */
    public static List<Sample> checkingPart(String name) {
        List<Sample> all = load(name);
        List<String> order = all.stream().map(Sample::subject).distinct().toList();
        java.util.Set<String> even = new java.util.HashSet<>();
        for (int n = 2; n <= order.size(); n += 2) even.add(order.get(n - 1));
        return all.stream().filter(s -> even.contains(s.subject())).toList();
    }

    public static byte[] firstImageBytes(String name) {
        Path dir = require(name);
        try {
            String line = Files.readAllLines(dir.resolve("manifest.csv")).get(1);
            return Files.readAllBytes(dir.resolve(line.split(",")[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
