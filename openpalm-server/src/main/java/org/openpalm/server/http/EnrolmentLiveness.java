package org.openpalm.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openpalm.payments.idempotency.StoredResponse;

/**
 * Liveness at the kiosk: an enrolment may send the 940 nm frame of each capture
 * ({@code palm_images_nir}, {@code left_palm_images_nir}, {@code right_palm_images_nir}, same
 * order as the visible ones); each pair is judged as at payment, and an artefact presented at
 * enrolment refuses the whole enrolment (nothing is written), with the same neutral words the
 * reader shows. Counted, audited and streaked per terminal by the same {@link PresentationAttackGuard}.
 */
final class EnrolmentLiveness {
    /** Neutral, as on the reader: nothing tells which cue gave an artefact away. */
    static final String KIOSK_MESSAGE = "Palm not read, please present your palm again or ask staff";

    private EnrolmentLiveness() {}

    /** The near-infrared lists by the visible field they belong to; a list of another length or without its visible list is a field error. */
    static Map<String, List<String>> nearInfraredFrames(Dto.EnrolmentIn in, Map<String, List<String>> hands, List<Problem.FieldError> errors) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        put(out, "palm_images", in.palmImagesNir(), hands, errors);
        put(out, "left_palm_images", in.leftPalmImagesNir(), hands, errors);
        put(out, "right_palm_images", in.rightPalmImagesNir(), hands, errors);
        return out;
    }

    private static void put(Map<String, List<String>> out, String visibleField, List<String> nir, Map<String, List<String>> hands,
            List<Problem.FieldError> errors) {
        if (nir == null) return;
        List<String> visible = hands.get(visibleField);
        if (visible == null) {
            errors.add(new Problem.FieldError(visibleField + "_nir", "is given without " + visibleField));
        } else if (nir.size() != visible.size()) {
            errors.add(new Problem.FieldError(visibleField + "_nir", "must hold one frame per image of " + visibleField + " (" + visible.size() + ")"));
        } else {
            out.put(visibleField, nir);
        }
    }

    /** The near-infrared frame of capture {@code index} of {@code visibleField}, when one was sent. */
    static Optional<String> frame(Map<String, List<String>> nearInfrared, String visibleField, int index) {
        return Optional.ofNullable(nearInfrared.get(visibleField)).map(list -> list.get(index));
    }

    /** The response refusing the enrolment, or empty when the capture is live. */
    static Optional<StoredResponse> refusal(PresentationAttackGuard.Judged judged) {
        return switch (judged) {
            case PresentationAttackGuard.Judged.Live live -> Optional.empty();
            case PresentationAttackGuard.Judged.Attack attack -> Optional.of(Api.problemResponse(new Problem(422,
                    "https://openpalm.org/problems/palm-not-read", "Palm not read", KIOSK_MESSAGE, List.of())));
            case PresentationAttackGuard.Judged.Paused paused -> Optional.of(Api.problemResponse(Problem.of(423, "terminal-paused",
                    "Palm capture paused", "palm captures on this terminal are paused for " + Math.max(1, paused.remaining().toSeconds()) + " s")));
        };
    }
}
