package org.openpalm.biometrics;

import java.util.SplittableRandom;
import org.openpalm.biometrics.engine.pad.IndependentRenderer;

/**
 * A second generator of simulated presentation attacks, written apart from
 * {@link SimulatedAttacks} (own renderer, own image operations) and from device parameters
 * ({@link IndependentAttackModel}: printer dpi and halftone, Yule-Nielsen dot gain, ink that may
 * absorb less at 940 nm, display ppi and RGB subpixels, LCD backlight leakage and NIR
 * reflectance, tilt and perspective, band misregistration, disk defocus, hand tremor, photon
 * noise), so that liveness figures are also measured on attacks the detector was not designed
 * against. Still a simulation: it stands where a set of physical captures should. Same inputs and
 * seed, same pixels.
 */
public final class IndependentAttacks {
    private final IndependentRenderer renderer;

    public IndependentAttacks() {
        this(IndependentAttackModel.DEFAULT);
    }

    public IndependentAttacks(IndependentAttackModel model) {
        this.renderer = new IndependentRenderer(model);
    }

    /**
     * What the reader records when {@code kind} is made from {@code bonaFide} and presented. With a
     * single-camera {@code bonaFide} the result has no near-infrared frame either.
     *
     * @throws IllegalArgumentException for {@link AttackKind#NIR_PRINT} without a near-infrared frame
     */
    public BandPair attack(AttackKind kind, BandPair bonaFide, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int w = bonaFide.visible().width(), h = bonaFide.visible().height();
        IndependentRenderer.Frames frames = switch (kind) {
            case PRINT -> renderer.print(levels(bonaFide.visible()), w, h, random);
            case SCREEN -> renderer.screen(levels(bonaFide.visible()), w, h, random);
            case NIR_PRINT -> renderer.print(levels(bonaFide.nearInfrared().orElseThrow(
                    () -> new IllegalArgumentException("a nir-print attack needs the near-infrared image"))), w, h, random);
        };
        PalmImage visible = image(frames.visible(), w, h);
        return bonaFide.nearInfrared().isPresent() ? BandPair.dualBand(visible, image(frames.nir(), w, h)) : BandPair.singleCamera(visible);
    }

    private static double[] levels(PalmImage image) {
        byte[] p = image.pixels();
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = p[i] & 0xFF;
        return out;
    }

    private static PalmImage image(double[] levels, int w, int h) {
        byte[] out = new byte[levels.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Math.clamp(StrictMath.round(levels[i]), 0, 255);
        return PalmImage.ofGrey(w, h, out);
    }
}
