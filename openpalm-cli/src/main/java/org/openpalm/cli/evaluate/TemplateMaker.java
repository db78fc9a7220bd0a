package org.openpalm.cli.evaluate;

/**
 * Captured image bytes to a template or a reasoned failure. The evaluation only sees this, so a
 * different pipeline (a full-hand one that segments the hand, cuts the ROI and rejects poor
 * captures with its own reasons) plugs in without touching the metrics. Must be thread-safe: it
 * is called from several threads at once.
 */
@FunctionalInterface
public interface TemplateMaker {
    Extraction acquire(byte[] encodedImage);
}
