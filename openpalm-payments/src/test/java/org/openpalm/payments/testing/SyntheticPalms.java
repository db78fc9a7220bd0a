package org.openpalm.payments.testing;

import java.util.Random;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmTemplate;

/**
 * Synthetic palm ROI images: dark curved lines of random orientation on a textured background,
 * one distinct pattern per seed. A "capture" of the same palm adds sensor noise and a small shift,
 * so it matches its palm well and other palms poorly, as the matcher expects of real palms.
 */
public final class SyntheticPalms {
    public static final int SIZE = 128;

    private SyntheticPalms() {}

    public static PalmImage palm(long seed) {
        return capture(seed, 0, 0, 0);
    }

    /**
     * A capture of palm {@code seed} that differs from every other one as two live captures do:
     * {@code capture} picks the noise and a pose, plus sensor noise (sigma 16 grey levels). The plain
     * synthetic captures alone score up to 97.8 against each other, where the replay rule starts at
     * 98; with the extra noise at most about 94, and still about 84 against the enrolment.
     */
    public static PalmImage liveCapture(long seed, long capture) {
        PalmImage palm = capture(seed, capture, (int) (capture % 3) - 1, 0);
        byte[] pixels = palm.pixels().clone();
        Random noise = new Random(capture * 31 + seed);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, (int) Math.round((pixels[i] & 0xFF) + noise.nextGaussian() * 16)));
        }
        return PalmImage.ofGrey(palm.width(), palm.height(), pixels);
    }

    /** Another capture of palm {@code seed}: noise of the given seed, shifted by (dx, dy) pixels. */
    public static PalmImage capture(long seed, long noiseSeed, int dx, int dy) {
        double[] img = new double[SIZE * SIZE];
        Random r = new Random(seed);
        for (int i = 0; i < img.length; i++) img[i] = 150;
        int lines = 40 + r.nextInt(20);
        for (int l = 0; l < lines; l++) {
            double x = r.nextDouble() * SIZE, y = r.nextDouble() * SIZE;
            double angle = r.nextDouble() * Math.PI;
            double curve = (r.nextDouble() - 0.5) * 0.05;
            double width = 1.0 + r.nextDouble() * 2.0;
            double depth = 40 + r.nextDouble() * 60;
            int length = 20 + r.nextInt(60);
            for (int s = 0; s < length; s++) {
                angle += curve;
                x += Math.cos(angle);
                y += Math.sin(angle);
                for (int oy = -3; oy <= 3; oy++) {
                    for (int ox = -3; ox <= 3; ox++) {
                        int px = (int) Math.round(x) + ox + dx, py = (int) Math.round(y) + oy + dy;
                        if (px < 0 || py < 0 || px >= SIZE || py >= SIZE) continue;
                        double d2 = ox * ox + oy * oy;
                        img[py * SIZE + px] -= depth * Math.exp(-d2 / (2 * width * width)) / 4;
                    }
                }
            }
        }
        Random noise = new Random(noiseSeed * 7919 + 17);
        byte[] pixels = new byte[SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            double v = img[i] + (noiseSeed == 0 ? 0 : noise.nextGaussian() * 6);
            pixels[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }
        return PalmImage.ofGrey(SIZE, SIZE, pixels);
    }

    public static PalmTemplate template(long seed) {
        return PalmTemplate.fromRoi(palm(seed));
    }

    public static PalmTemplate captureTemplate(long seed, long noiseSeed) {
        return PalmTemplate.fromRoi(capture(seed, noiseSeed, (int) (noiseSeed % 3) - 1, (int) (noiseSeed % 2)));
    }

    /** A palm that looks like both {@code a} and {@code b} (pixel average): matches each above threshold. */
    public static PalmImage lookalike(long a, long b) {
        byte[] pa = palm(a).pixels(), pb = palm(b).pixels();
        byte[] out = new byte[pa.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (((pa[i] & 0xFF) + (pb[i] & 0xFF)) / 2);
        return PalmImage.ofGrey(SIZE, SIZE, out);
    }
}
