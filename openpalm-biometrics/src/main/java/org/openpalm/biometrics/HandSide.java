package org.openpalm.biometrics;

/**
 * Which hand the camera sees, palm towards it, judged from the side the thumb is on when the
 * fingers point up (right hand: thumb on the right of the image).
 */
public enum HandSide {
    LEFT,
    RIGHT
}
