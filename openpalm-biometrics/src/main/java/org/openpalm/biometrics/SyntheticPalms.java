package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.synth.Capture;
import org.openpalm.biometrics.engine.synth.CaptureRenderer;
import org.openpalm.biometrics.engine.synth.PalmAnatomy;
import org.openpalm.biometrics.engine.synth.PalmCanvas;
import org.openpalm.biometrics.engine.synth.Seeds;
import org.openpalm.biometrics.engine.synth.SynthConfig;

/**
 * Procedural palm ROIs for tests, benchmarks and load without real biometric data: 128 x 128
 * grey, fingers up, like the cut ROIs of the public palmprint databases.
 *
 * <p>A generator is fixed by its seed; within it, identity {@code i} is one synthetic palm (its
 * creases and skin), and each (session, sample) is one capture of that palm with its own pose,
 * skin stretch, lighting, blur, noise and JPEG artefacts. Every image depends only on
 * (seed, identity, session, sample): the same arguments give the same pixels, in any order and
 * on any thread. Immutable and thread-safe.
 *
 * <pre>{@code
 * SyntheticPalms palms = SyntheticPalms.withSeed(42);
 * SyntheticPalms.Palm palm = palms.palm(7);     // draws the palm once
 * PalmImage a = palm.capture(1, 1);             // session 1, sample 1
 * PalmImage b = palm.capture(2, 1);             // same palm, another day
 * }</pre>
 */
public final class SyntheticPalms {
    /** Side of every generated image, in pixels. */
    public static final int SIDE_PIXELS = 128;

    /** Stream salts, so identity, session and sample seeds never collide. */
    private static final long IDENTITY_SALT = 0x1D;
    private static final long SESSION_SALT = 0x5E;
    private static final long SAMPLE_SALT = 0x5A;

    private final long seed;
    private final SynthConfig config = SynthConfig.DEFAULT;
    private final CaptureRenderer renderer = new CaptureRenderer(config);

    private SyntheticPalms(long seed) {
        this.seed = seed;
    }

    /** The generator with this seed. */
    public static SyntheticPalms withSeed(long seed) {
        return new SyntheticPalms(seed);
    }

    public long seed() {
        return seed;
    }

    /** Identity {@code identity} (0 or more): drawn now, then captured any number of times. */
    public Palm palm(int identity) {
        if (identity < 0) throw new IllegalArgumentException("identity must be >= 0, got " + identity);
        long identitySeed = Seeds.child(seed, IDENTITY_SALT, identity);
        PalmAnatomy anatomy = PalmAnatomy.generate(identitySeed, config);
        return new Palm(identity, identitySeed, new PalmCanvas(anatomy, config));
    }

    /** One capture; for several captures of one identity, {@link #palm(int)} once is faster. */
    public PalmImage capture(int identity, int session, int sample) {
        return palm(identity).capture(session, sample);
    }

    /** One synthetic palm (identity), drawn once. Immutable and thread-safe. */
    public final class Palm {
        private final int identity;
        private final long identitySeed;
        private final PalmCanvas canvas;

        private Palm(int identity, long identitySeed, PalmCanvas canvas) {
            this.identity = identity;
            this.identitySeed = identitySeed;
            this.canvas = canvas;
        }

        public int identity() {
            return identity;
        }

        /**
         * Capture {@code sample} (1 or more) of capture session {@code session} (1 or more).
         * Captures of one session share part of their pose and lighting, as on one day at one
         * reader; captures of different sessions differ more.
         */
        public PalmImage capture(int session, int sample) {
            if (session < 1) throw new IllegalArgumentException("session must be >= 1, got " + session);
            if (sample < 1) throw new IllegalArgumentException("sample must be >= 1, got " + sample);
            long sessionSeed = Seeds.child(identitySeed, SESSION_SALT, session);
            long sampleSeed = Seeds.child(sessionSeed, SAMPLE_SALT, sample);
            Capture capture = Capture.draw(sessionSeed, sampleSeed, config);
            return PalmImage.ofGrey(SIDE_PIXELS, SIDE_PIXELS, renderer.render(canvas, capture));
        }

        @Override
        public String toString() {
            return "SyntheticPalms.Palm[seed=" + seed + ", identity=" + identity + "]";
        }
    }

    @Override
    public String toString() {
        return "SyntheticPalms[seed=" + seed + "]";
    }
}
