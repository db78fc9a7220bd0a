package org.openpalm.biometrics;

import java.util.Optional;

/**
 * The frames of one presentation: the visible-band frame, and the near-infrared frame of the same
 * instant when the reader has a second camera.
 */
public record BandPair(PalmImage visible, Optional<PalmImage> nearInfrared) {
    public BandPair {
        if (visible == null || nearInfrared == null) throw new IllegalArgumentException("visible frame is required");
        nearInfrared.ifPresent(nir -> {
            if (nir.width() != visible.width() || nir.height() != visible.height()) {
                throw new IllegalArgumentException("the near-infrared frame (" + nir.width() + "x" + nir.height()
                        + ") must have the visible frame's size (" + visible.width() + "x" + visible.height() + ")");
            }
        });
    }

    public static BandPair singleCamera(PalmImage visible) {
        return new BandPair(visible, Optional.empty());
    }

    public static BandPair dualBand(PalmImage visible, PalmImage nearInfrared) {
        return new BandPair(visible, Optional.of(nearInfrared));
    }
}
