package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openpalm.biometrics.ImagePoint;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmMatcher;
import org.openpalm.biometrics.PalmTemplate;

/**
 * The pages' hand-landmark code (MediaPipe Hands from openpalm-web-assets and hand-landmarks.js)
 * in headless Debian chromium, on phone photos with cluttered backgrounds (ntust-hp-phone): a hand
 * with 21 landmarks on the palm photos, none on a blank frame; the palm squares cut from them
 * match the same palm better than another. Skipped without chromium or the dataset.
 */
class MediaPipeLandmarksTest {
    @Test
    void findsTheHandOnPhonePhotosAndTheLandmarkRoiRecognisesThePalm() throws Exception {
        assumeTrue(MediaPipeLandmarks.missing().isEmpty(), () -> "needs chromium: " + MediaPipeLandmarks.missing().orElse(""));
        Path folder = Datasets.require("ntust-hp-phone");
        List<String> files = List.of("ntust-hp-0003-01.png", "ntust-hp-0003-02.png", "ntust-hp-0003-03.png");
        List<byte[]> images = new ArrayList<>();
        for (String f : files) images.add(Files.readAllBytes(folder.resolve(f)));
        byte[] otherPalm = Files.readAllBytes(folder.resolve(Files.list(folder).map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith("-01.png") && !n.startsWith("ntust-hp-0003")).sorted().findFirst().orElseThrow()));
        images.add(otherPalm);
        images.add(PalmImage.ofGrey(640, 480, new byte[640 * 480]).toPng()); // a black frame: no hand

        List<Optional<List<ImagePoint>>> found = MediaPipeLandmarks.find(images, 10, new java.io.PrintWriter(System.err, true));
        for (int i = 0; i < 4; i++) {
            assertThat(found.get(i)).as("image %d", i).hasValueSatisfying(points -> {
                assertThat(points).hasSize(21);
                assertThat(points).allSatisfy(p -> {
                    assertThat(p.x()).isBetween(-320.0, 960.0);
                    assertThat(p.y()).isBetween(-240.0, 720.0);
                });
            });
        }
        assertThat(found.get(4)).as("black frame").isEmpty();

        Map<String, Optional<List<ImagePoint>>> byDigest = new HashMap<>();
        for (int i = 0; i < images.size(); i++) byDigest.put(LandmarkTemplateMaker.digest(images.get(i)), found.get(i));
        LandmarkTemplateMaker maker = new LandmarkTemplateMaker(byDigest);
        List<PalmTemplate> templates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (maker.acquire(images.get(i)) instanceof Extraction.Acquired a) templates.add(a.template());
        }
        assertThat(templates).as("palm squares cut from the landmarks").hasSize(4);
        assertThat(maker.acquire(images.get(4))).isInstanceOfSatisfying(Extraction.Failed.class, f -> assertThat(f.reason()).isEqualTo("no_hand"));
        PalmMatcher first = new PalmMatcher(templates.get(0));
        double genuine = Math.max(first.match(templates.get(1)), first.match(templates.get(2)));
        assertThat(genuine).as("same palm").isGreaterThan(first.match(templates.get(3)));
    }
}
