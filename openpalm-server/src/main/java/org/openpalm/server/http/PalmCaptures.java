package org.openpalm.server.http;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.HandSide;
import org.openpalm.biometrics.PalmCapture;
import org.openpalm.biometrics.ImageLimits;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.RejectionReason;
import org.openpalm.server.LoadConfig;

/**
 * A palm image sent by a terminal, judged. A terminal sends either a palm close-up already cut to
 * the palm square ({@code image_kind: "palm_roi"}, the default: dataset images, dedicated readers)
 * or a whole-hand photo ({@code "full_hand"}: a webcam frame), which goes through the capture
 * quality gate; a rejected capture carries the engine's instruction for the shopper.
 */
final class PalmCaptures {
    /**
     * Palm images are at most 4 megapixels and 8 MiB, sides of at least 32 pixels and at most 4:1
     * (camera frames are 4:3 to 16:9, palm squares 1:1): a strip or a dot is refused at the header.
     */
    static final ImageLimits IMAGE_LIMITS = new ImageLimits(4_000_000, 8 << 20, 32, 4.0);

    private final Semaphore decodeSlots;
    private final long permitWaitMillis;
    private final long retryAfterSeconds;

    /** Decoding and template extraction bounded as {@code load} says. */
    PalmCaptures(LoadConfig load) {
        this.decodeSlots = new Semaphore(load.maxConcurrentImageDecodes(), true);
        this.permitWaitMillis = load.imageDecodePermitWaitMillis();
        this.retryAfterSeconds = load.retryAfterSeconds();
    }

    /** What the image shows. */
    enum ImageKind {
        PALM_ROI,
        FULL_HAND;

        /** Parses the {@code image_kind} field (absent: a palm close-up); a bad value is a problem naming {@code field}. */
        static ImageKind parse(String field, Optional<String> text) {
            if (text.isEmpty()) return PALM_ROI;
            return switch (text.get()) {
                case "palm_roi" -> PALM_ROI;
                case "full_hand" -> FULL_HAND;
                default -> throw Problem.invalid(field, "must be palm_roi or full_hand");
            };
        }
    }

    /** A judged capture. */
    sealed interface Checked {
        /** Usable: its template, and the hand seen when the whole hand was in the picture. */
        record Usable(PalmTemplate template, Optional<HandSide> side) implements Checked {}

        /** Not usable: take it again, following the reason's shopper message. */
        record Retake(RejectionReason reason) implements Checked {}
    }

    /**
     * Decodes and judges, holding one of the decoding slots (503 with Retry-After when none frees
     * up in time); an unusable image is a 422 problem naming {@code field}.
     */
    Checked check(String field, byte[] image, ImageKind kind) {
        return withDecodeSlot(() -> {
            PalmImage decoded = decode(field, image);
            return switch (kind) {
                case PALM_ROI -> new Checked.Usable(PalmTemplate.fromRoi(decoded), Optional.empty());
                case FULL_HAND -> switch (PalmCapture.acquire(decoded)) {
                    case Acquisition.Acquired a -> new Checked.Usable(a.template(), Optional.of(a.keypoints().handSide()));
                    case Acquisition.Rejected r -> new Checked.Retake(r.reason());
                };
            };
        });
    }

    /**
     * As {@link #check(String, byte[], ImageKind)}, with the 21 hand landmarks the page found
     * (MediaPipe Hands, {@code [[x, y], ...]} in the image's pixels) when there are: the palm
     * square is cut from them (any background), and the pixels are judged again here. The page's
     * own verdict is never taken; a malformed list is a problem naming {@code landmarksField}.
     */
    Checked check(String field, byte[] image, ImageKind kind, String landmarksField, Optional<java.util.List<java.util.List<Double>>> landmarks) {
        if (landmarks.isEmpty()) return check(field, image, kind);
        if (kind != ImageKind.FULL_HAND) throw Problem.invalid(landmarksField, "go with image_kind full_hand");
        java.util.List<org.openpalm.biometrics.ImagePoint> points = landmarks(landmarksField, landmarks.get());
        return withDecodeSlot(() -> {
            PalmImage decoded = decode(field, image);
            for (org.openpalm.biometrics.ImagePoint p : points) {
                // a little outside is what a landmark model says of a finger cut by the frame's edge
                if (p.x() < -decoded.width() || p.y() < -decoded.height() || p.x() > 2.0 * decoded.width() || p.y() > 2.0 * decoded.height()) {
                    throw Problem.invalid(landmarksField, "lie far outside the image");
                }
            }
            return switch (PalmCapture.acquireFromLandmarks(decoded, points)) {
                case Acquisition.Acquired a -> new Checked.Usable(a.template(), Optional.of(a.keypoints().handSide()));
                case Acquisition.Rejected r -> new Checked.Retake(r.reason());
            };
        });
    }

    /** 21 points of two finite numbers each, or a problem naming {@code field}. */
    static java.util.List<org.openpalm.biometrics.ImagePoint> landmarks(String field, java.util.List<java.util.List<Double>> raw) {
        if (raw.size() != 21) throw Problem.invalid(field, "must hold the 21 hand landmarks [x, y] in image pixels");
        java.util.List<org.openpalm.biometrics.ImagePoint> points = new java.util.ArrayList<>(21);
        for (java.util.List<Double> p : raw) {
            if (p == null || p.size() != 2 || p.get(0) == null || p.get(1) == null || !Double.isFinite(p.get(0)) || !Double.isFinite(p.get(1))) {
                throw Problem.invalid(field, "must hold the 21 hand landmarks [x, y] in image pixels");
            }
            points.add(new org.openpalm.biometrics.ImagePoint(p.get(0), p.get(1)));
        }
        return points;
    }

    /** Runs {@code work} holding one of the decoding slots; 503 with Retry-After when none frees up in time. */
    private <T> T withDecodeSlot(java.util.function.Supplier<T> work) {
        boolean acquired;
        try {
            acquired = decodeSlots.tryAcquire(permitWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw Problem.retryLater(503, "busy", "Busy", "too many palm images are being decoded; retry shortly", retryAfterSeconds);
        }
        try {
            return work.get();
        } finally {
            decodeSlots.release();
        }
    }

    /** The decoded image, or a 422 problem naming {@code field}. */
    static PalmImage decode(String field, byte[] image) {
        try {
            return PalmImage.decode(image, IMAGE_LIMITS);
        } catch (PalmImageException e) {
            String reason = switch (e.reason()) {
                case EMPTY -> "is an empty image";
                case NOT_AN_IMAGE -> "is not a PNG, JPEG or BMP image";
                case TRUNCATED -> "is a truncated or corrupt image";
                case TOO_LARGE -> "is too large an image (at most " + IMAGE_LIMITS.maxPixels() + " pixels, "
                        + IMAGE_LIMITS.maxEncodedBytes() + " bytes)";
                case DEGENERATE_SHAPE -> "has no room for a palm (sides of at least " + IMAGE_LIMITS.minSidePixels()
                        + " pixels, at most " + (int) IMAGE_LIMITS.maxAspectRatio() + " times longer than wide)";
            };
            throw Problem.badImage(field, reason);
        }
    }

    /**
     * What the shopper is told when a capture is judged an attack: neutral, the same words as any
     * failed read, so an attacker learns nothing about which cue gave the artefact away.
     */
    static final String NEUTRAL_RETRY_MESSAGE = "Palm not read, please use another payment method or ask staff";

    /** Liveness of a capture; an undecodable or mis-sized near-infrared frame is a problem naming {@code palm_image_nir}. */
    PresentationAttackGuard.Judged liveness(PresentationAttackGuard guard, org.openpalm.payments.ids.TerminalId terminal,
            byte[] image, Optional<byte[]> nearInfrared) {
        Optional<PresentationAttackGuard.Judged> decided = guard.withoutImages(terminal, nearInfrared.isPresent());
        if (decided.isPresent()) return decided.get();
        return withDecodeSlot(() -> {
            Optional<PalmImage> nir = nearInfrared.map(b -> decode("palm_image_nir", b));
            PalmImage visible = decode("palm_image", image);
            if (nir.isPresent() && (nir.get().width() != visible.width() || nir.get().height() != visible.height())) {
                throw Problem.invalid("palm_image_nir", "must have the size of palm_image (" + visible.width() + "x" + visible.height() + ")");
            }
            return guard.judge(terminal, visible, nir);
        });
    }

    /** The 422 problem of a rejected capture in a request that cannot be answered with a prompt. */
    static Problem qualityProblem(String field, RejectionReason reason) {
        return new Problem(422, "https://openpalm.org/problems/capture-quality", "Capture not usable", reason.message(),
                java.util.List.of(new Problem.FieldError(field, reason.message())));
    }
}
