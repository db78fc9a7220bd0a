package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PalmMatcherTest {

    /** The ROI translated by (dx, dy) pixels, edges replicated, as a reader's jitter would. */
    static PalmImage translated(PalmImage roi, int dx, int dy) {
        int w = roi.width();
        int h = roi.height();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) roi.grey(Math.clamp(x - dx, 0, w - 1), Math.clamp(y - dy, 0, h - 1));
            }
        }
        return PalmImage.ofGrey(w, h, out);
    }

    /** The ROI rotated by {@code degrees} about its centre, bilinear. */
    static PalmImage rotated(PalmImage roi, double degrees) {
        int w = roi.width();
        int h = roi.height();
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sx = Math.clamp(cx + (x - cx) * cos + (y - cy) * sin, 0, w - 1.001);
                double sy = Math.clamp(cy - (x - cx) * sin + (y - cy) * cos, 0, h - 1.001);
                int x0 = (int) sx;
                int y0 = (int) sy;
                double fx = sx - x0;
                double fy = sy - y0;
                double v = roi.grey(x0, y0) * (1 - fx) * (1 - fy) + roi.grey(x0 + 1, y0) * fx * (1 - fy)
                        + roi.grey(x0, y0 + 1) * (1 - fx) * fy + roi.grey(x0 + 1, y0 + 1) * fx * fy;
                out[y * w + x] = (byte) Math.round(v);
            }
        }
        return PalmImage.ofGrey(w, h, out);
    }

    @Test
    void aTemplateMatchesItselfPerfectly() {
        PalmTemplate t = PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(1));
        assertThat(new PalmMatcher(t).match(t)).isEqualTo(100.0);
    }

    @Test
    void unrelatedPalmsScoreBelowTheThreshold() {
        PalmTemplate a = PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(1));
        PalmTemplate b = PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(2));
        assertThat(new PalmMatcher(a).match(b)).isLessThan(ScoreScale.DEFAULT_THRESHOLD);
    }

    @Test
    void toleratesTranslationOfEightPixels() {
        PalmImage roi = TemplateFormatProperties.randomRoi(3);
        PalmMatcher matcher = new PalmMatcher(PalmTemplate.fromRoi(roi));
        for (int[] d : new int[][] {{8, 0}, {-8, 0}, {0, 8}, {0, -8}, {6, -6}}) {
            double score = matcher.match(PalmTemplate.fromRoi(translated(roi, d[0], d[1])));
            assertThat(score).as("shift " + d[0] + "," + d[1]).isGreaterThan(ScoreScale.DEFAULT_THRESHOLD + 20);
        }
    }

    @Test
    void toleratesSmallRotation() {
        PalmImage roi = TemplateFormatProperties.randomRoi(4);
        PalmMatcher matcher = new PalmMatcher(PalmTemplate.fromRoi(roi));
        for (double degrees : new double[] {-6, -3, 3, 6}) {
            double score = matcher.match(PalmTemplate.fromRoi(rotated(roi, degrees)));
            assertThat(score).as("rotation " + degrees).isGreaterThan(ScoreScale.DEFAULT_THRESHOLD + 10);
        }
    }

    @Test
    void oneMatcherServesManyThreadsWithIdenticalResults() {
        PalmMatcher matcher = new PalmMatcher(PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(5)));
        List<PalmTemplate> candidates = IntStream.range(0, 40)
                .mapToObj(i -> PalmTemplate.fromRoi(TemplateFormatProperties.randomRoi(100 + i)))
                .toList();
        double[] sequential = candidates.stream().mapToDouble(matcher::match).toArray();
        for (int round = 0; round < 5; round++) {
            double[] parallel = candidates.parallelStream().mapToDouble(matcher::match).toArray();
            assertThat(parallel).containsExactly(sequential);
        }
    }

    @Test
    void anEnrolmentOfSeveralCapturesScoresAsTheIndexRanksItsBestEntry() {
        // Three captures of one synthetic palm enrolled as three index entries, as the server
        // does; the probe is a fourth capture of the same palm.
        SyntheticPalms.Palm palm = SyntheticPalms.withSeed(7).palm(0);
        List<PalmTemplate> captures = IntStream.rangeClosed(1, 3)
                .mapToObj(k -> PalmTemplate.fromRoi(palm.capture(1, k))).toList();
        PalmTemplate probe = PalmTemplate.fromRoi(palm.capture(2, 1));
        PalmIndex index = new PalmIndex();
        for (int k = 0; k < captures.size(); k++) index.put(new EnrolmentId("palm#" + k), captures.get(k));

        double fused = new PalmMatcher(probe).matchEnrolment(captures);

        double bestEntry = index.identifyExhaustive(probe, captures.size()).getFirst().score();
        assertThat(fused).isEqualTo(bestEntry);
        assertThat(fused).isEqualTo(captures.stream().mapToDouble(new PalmMatcher(probe)::match).max().orElseThrow());
    }
}
