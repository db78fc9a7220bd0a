package org.openpalm.biometrics;

import java.util.Arrays;
import java.util.Optional;

/**
 * The presentation attacks {@link SimulatedAttacks} models (ISO/IEC 30107-3 "attack instrument
 * species"), each from the physics that a dual-band reader meets.
 */
public enum AttackKind {
    /** A laser print (black toner on paper) of the victim's visible-band image. */
    PRINT("print"),
    /** The victim's visible-band image shown on a phone or tablet screen. */
    SCREEN("screen"),
    /** A laser print of the victim's near-infrared image (made to show veins to the NIR camera). */
    NIR_PRINT("nir-print");

    private final String label;

    AttackKind(String label) {
        this.label = label;
    }

    /** The name used on the command line and in manifests. */
    public String label() {
        return label;
    }

    /** True when making this attack needs the victim's near-infrared image. */
    public boolean needsNearInfrared() {
        return this == NIR_PRINT;
    }

    public static Optional<AttackKind> ofLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }
}
