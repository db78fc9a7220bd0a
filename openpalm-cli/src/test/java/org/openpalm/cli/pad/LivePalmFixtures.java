package org.openpalm.cli.pad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.SyntheticPalms;

/**
 * Small generated bona fide dual-band sets: the visible frame is a synthetic palm; the
 * near-infrared frame is what 940 nm light makes of a live hand: the same creases, softened
 * (light scattered under the skin), fainter, plus a vein pattern the visible band does not show
 * (here another synthetic palm's lines, blurred wide), and the NIR camera's own noise.
 */
final class LivePalmFixtures {
    private LivePalmFixtures() {}

    static void writeDualBand(Path visibleDir, Path nirDir, int subjects, int samples, long seed) throws IOException {
        Files.createDirectories(visibleDir);
        Files.createDirectories(nirDir);
        SyntheticPalms palms = SyntheticPalms.withSeed(seed);
        SyntheticPalms veins = SyntheticPalms.withSeed(seed + 1000);
        List<String> manifest = new ArrayList<>(List.of("file,subject,hand,session,sample"));
        for (int s = 0; s < subjects; s++) {
            for (int k = 0; k < samples; k++) {
                int session = k < samples / 2 ? 1 : 2;
                String file = String.format(Locale.ROOT, "p%02d_%02d.png", s, k);
                PalmImage vis = palms.capture(s, session, k + 1);
                PalmImage vein = veins.capture(s, 1, 1);
                Files.write(visibleDir.resolve(file), vis.toPng());
                Files.write(nirDir.resolve(file), nearInfrared(vis, vein, new SplittableRandom(seed * 31 + s * 101 + k)).toPng());
                manifest.add(file + ",subject-" + s + ",unknown," + session + "," + (k + 1));
            }
        }
        byte[] csv = (String.join("\n", manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(visibleDir.resolve("manifest.csv"), csv);
        Files.write(nirDir.resolve("manifest.csv"), csv);
    }

    static PalmImage nearInfrared(PalmImage visible, PalmImage veinSource, SplittableRandom random) {
        int w = visible.width(), h = visible.height();
        double[] creases = blur(toDouble(visible), w, h, 2.0);
        double[] vein = blur(toDouble(veinSource), w, h, 3.0);
        double mc = mean(creases), mv = mean(vein);
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            double v = 150 + 0.35 * (creases[i] - mc) + 0.6 * (vein[i] - mv) + 2.5 * random.nextGaussian();
            out[i] = (byte) Math.clamp(Math.round(v), 0, 255);
        }
        return PalmImage.ofGrey(w, h, out);
    }

    private static double[] toDouble(PalmImage image) {
        byte[] p = image.pixels();
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) d[i] = p[i] & 0xFF;
        return d;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double[] blur(double[] in, int w, int h, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        double[] tmp = new double[in.length], out = new double[in.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double a = 0;
            for (int i = -r; i <= r; i++) a += k[i + r] * in[y * w + Math.clamp(x + i, 0, w - 1)];
            tmp[y * w + x] = a;
        }
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double a = 0;
            for (int i = -r; i <= r; i++) a += k[i + r] * tmp[Math.clamp(y + i, 0, h - 1) * w + x];
            out[y * w + x] = a;
        }
        return out;
    }
}
