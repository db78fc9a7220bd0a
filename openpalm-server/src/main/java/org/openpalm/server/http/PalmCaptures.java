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

    /**
     * What the shopper is told when a capture is judged an attack: neutral, the same words as any
     * failed read, so an attacker learns nothing about which cue gave the artefact away.
     */
    static final String NEUTRAL_RETRY_MESSAGE = "Palm not read, please use another payment method or ask staff";

    /** Liveness of a capture; an undecodable or mis-sized near-infrared frame is a problem naming {@code palm_image_nir}. */
    static PresentationAttackGuard.Judged liveness(PresentationAttackGuard guard, org.openpalm.payments.ids.TerminalId terminal,
            byte[] image, Optional<byte[]> nearInfrared) {
        Optional<PalmImage> nir = nearInfrared.map(b -> Api.decode("palm_image_nir", b));
        PalmImage visible = Api.decode("palm_image", image);
        if (nir.isPresent() && (nir.get().width() != visible.width() || nir.get().height() != visible.height())) {
            throw Problem.invalid("palm_image_nir", "must have the size of palm_image (" + visible.width() + "x" + visible.height() + ")");
        }
        return guard.judge(terminal, visible, nir);
    }

    /** The 422 problem of a rejected capture in a request that cannot be answered with a prompt. */
    static Problem qualityProblem(String field, RejectionReason reason) {
        return new Problem(422, "https://openpalm.org/problems/capture-quality", "Capture not usable", reason.message(),
                java.util.List.of(new Problem.FieldError(field, reason.message())));
    }
}
