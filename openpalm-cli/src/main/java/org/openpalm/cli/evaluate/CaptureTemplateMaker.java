package org.openpalm.cli.evaluate;

import java.util.Locale;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.PalmCapture;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmTemplate;

/**
 * Decode, then make the template the way the image needs: a palm ROI goes straight to
 * {@link PalmTemplate#fromRoi}; a full-hand capture goes through {@link PalmCapture#acquire}
 * (segmentation, finger valleys, ROI, quality gate), whose rejections are failures to acquire
 * named by their reason ({@code fingers_closed}, {@code blurred}, ...). Decoder failures are named
 * the same way ({@code truncated}, {@code not_an_image}, ...).
 */
public final class CaptureTemplateMaker implements TemplateMaker {

    /** How an image is taken: decided per image from its shape, or forced for a whole dataset. */
    public enum InputKind {
        /** A square image no larger than the ROI limit is a ROI; anything else a full hand. */
        AUTO,
        ROI,
        HAND
    }

    private final InputKind kind;
    private final int roiMaxSidePixels;

    public CaptureTemplateMaker(InputKind kind, int roiMaxSidePixels) {
        this.kind = kind;
        this.roiMaxSidePixels = roiMaxSidePixels;
    }

    @Override
    public Extraction acquire(byte[] encodedImage) {
        PalmImage image;
        try {
            image = PalmImage.decode(encodedImage);
        } catch (PalmImageException e) {
            return new Extraction.Failed(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
        boolean roi = switch (kind) {
            case AUTO -> image.width() == image.height() && image.width() <= roiMaxSidePixels;
            case ROI -> true;
            case HAND -> false;
        };
        if (roi) return new Extraction.Acquired(PalmTemplate.fromRoi(image));
        return switch (PalmCapture.acquire(image)) {
            case Acquisition.Acquired acquired -> new Extraction.Acquired(acquired.template());
            case Acquisition.Rejected rejected ->
                    new Extraction.Failed(rejected.reason().name().toLowerCase(Locale.ROOT), rejected.detail());
        };
    }
}
