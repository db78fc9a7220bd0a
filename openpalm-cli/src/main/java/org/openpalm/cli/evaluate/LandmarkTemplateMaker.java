package org.openpalm.cli.evaluate;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.ImagePoint;
import org.openpalm.biometrics.PalmCapture;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;

/**
 * Full-hand captures whose palm ROI is cut from hand landmarks found beforehand (by
 * {@link MediaPipeLandmarks}, keyed by the image bytes' SHA-256): {@link PalmCapture#acquireFromLandmarks}.
 * An image without a hand fails to acquire as {@code no_hand}.
 */
public final class LandmarkTemplateMaker implements TemplateMaker {
    private final Map<String, Optional<List<ImagePoint>>> landmarksByDigest;

    public LandmarkTemplateMaker(Map<String, Optional<List<ImagePoint>>> landmarksByDigest) {
        this.landmarksByDigest = Map.copyOf(landmarksByDigest);
    }

    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Extraction acquire(byte[] encodedImage) {
        PalmImage image;
        try {
            image = PalmImage.decode(encodedImage);
        } catch (PalmImageException e) {
            return new Extraction.Failed(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
        Optional<List<ImagePoint>> landmarks = landmarksByDigest.getOrDefault(digest(encodedImage), Optional.empty());
        if (landmarks.isEmpty()) return new Extraction.Failed("no_hand", "the landmark model found no hand");
        return switch (PalmCapture.acquireFromLandmarks(image, landmarks.get())) {
            case Acquisition.Acquired acquired -> new Extraction.Acquired(acquired.template());
            case Acquisition.Rejected rejected -> new Extraction.Failed(rejected.reason().name().toLowerCase(Locale.ROOT), rejected.detail());
        };
    }
}
