package org.openpalm.server.http;

import java.util.Optional;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.HandSide;
import org.openpalm.biometrics.PalmCapture;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.RejectionReason;

/**
 * A palm image sent by a terminal, judged. A terminal sends either a palm close-up already cut to
 * the palm square ({@code image_kind: "palm_roi"}, the default: dataset images, dedicated readers)
 * or a whole-hand photo ({@code "full_hand"}: a webcam frame), which goes through the capture
 * quality gate; a rejected capture carries the engine's instruction for the shopper.
 */
final class PalmCaptures {
    private PalmCaptures() {}

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

    /** Decodes and judges; an undecodable image is a problem naming {@code field}. */
    static Checked check(String field, byte[] image, ImageKind kind) {
        PalmImage decoded = Api.decode(field, image);
        return switch (kind) {
            case PALM_ROI -> new Checked.Usable(PalmTemplate.fromRoi(decoded), Optional.empty());
            case FULL_HAND -> switch (PalmCapture.acquire(decoded)) {
                case Acquisition.Acquired a -> new Checked.Usable(a.template(), Optional.of(a.keypoints().handSide()));
                case Acquisition.Rejected r -> new Checked.Retake(r.reason());
            };
        };
    }

    /** The 422 problem of a rejected capture in a request that cannot be answered with a prompt. */
    static Problem qualityProblem(String field, RejectionReason reason) {
        return new Problem(422, "https://openpalm.org/problems/capture-quality", "Capture not usable", reason.message(),
                java.util.List.of(new Problem.FieldError(field, reason.message())));
    }
}
