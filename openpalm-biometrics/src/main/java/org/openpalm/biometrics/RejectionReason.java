package org.openpalm.biometrics;

/** Why a full-hand capture gave no palm, each with a short message for the shopper. */
public enum RejectionReason {
    /** Nothing that looks like a hand stands out from the background. */
    NO_HAND("Place your hand over the reader"),
    /** The palm or fingers run off the edge of the frame. */
    HAND_CUT_OFF("Centre your hand over the reader"),
    /** The finger valleys could not be found: fingers together, or a fist. */
    FINGERS_CLOSED("Spread your fingers"),
    /** The palm is too small in the frame to show its lines. */
    TOO_FAR("Move your hand closer"),
    /** The hand is too dark to show its lines. */
    TOO_DARK("Move your hand into the light"),
    /** The hand is washed out by glare. */
    OVEREXPOSED("Move your hand a little further away from the light"),
    /** The palm image is blurred: hand moving or out of focus. */
    BLURRED("Hold your hand still");

    private final String message;

    RejectionReason(String message) {
        this.message = message;
    }

    /** A short instruction that can be shown to the shopper as is. */
    public String message() {
        return message;
    }
}
