package org.openpalm.biometrics;

import java.util.Optional;
import java.util.SplittableRandom;
import org.openpalm.biometrics.engine.pad.AttackRenderer;
import org.openpalm.biometrics.engine.pad.Raster;

/**
 * Simulated presentation attacks made from a bona fide capture, for measuring liveness
 * detection. They are models of the physics (see {@link AttackModel} for every parameter), not
 * physical attacks: a deployment must also test its own reader with real prints and screens.
 *
 * <ul>
 *   <li>{@link AttackKind#PRINT}: the visible image printed with black toner; toner absorbs
 *       near-infrared, so the near-infrared frame shows the same printed lines.</li>
 *   <li>{@link AttackKind#SCREEN}: the visible image on a display; a display emits no
 *       near-infrared, so that frame is dark but for the glass's reflection of the reader's LEDs.</li>
 *   <li>{@link AttackKind#NIR_PRINT}: the near-infrared image printed; the visible camera sees the
 *       same print (veins in toner), not a visible-band palm.</li>
 * </ul>
 * Same inputs and seed, same pixels.
 */
public final class SimulatedAttacks {
    private final AttackRenderer renderer;

    public SimulatedAttacks() {
        this(AttackModel.DEFAULT);
    }

    public SimulatedAttacks(AttackModel model) {
        this.renderer = new AttackRenderer(model);
    }

    /**
     * What the reader records when {@code kind} is made from {@code bonaFide} and presented. With a
     * single-camera {@code bonaFide} the result has no near-infrared frame either.
     *
     * @throws IllegalArgumentException for {@link AttackKind#NIR_PRINT} without a near-infrared frame
     */
    public BandPair attack(AttackKind kind, BandPair bonaFide, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Raster visible = raster(bonaFide.visible());
        Raster[] bands = switch (kind) {
            case PRINT -> renderer.print(visible, random);
            case SCREEN -> renderer.screen(visible, random);
            case NIR_PRINT -> renderer.print(raster(bonaFide.nearInfrared().orElseThrow(
                    () -> new IllegalArgumentException("a nir-print attack needs the near-infrared image"))), random);
        };
        PalmImage seenVisible = image(bands[0]);
        return bonaFide.nearInfrared().isPresent()
                ? BandPair.dualBand(seenVisible, image(bands[1]))
                : BandPair.singleCamera(seenVisible);
    }

    private static Raster raster(PalmImage image) {
        return Raster.ofBytes(image.width(), image.height(), image.pixels());
    }

    private static PalmImage image(Raster raster) {
        return PalmImage.ofGrey(raster.width(), raster.height(), raster.toBytes());
    }
}
