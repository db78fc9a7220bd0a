package org.openpalm.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hand landmarks a page found on each enrolment picture (MediaPipe Hands, see
 * {@link PalmCaptures}): {@code left_palm_landmarks[i]} belongs to {@code left_palm_images[i]}, null
 * where the page found none; the lists are optional. Shared by the kiosk's enrolment and the phone
 * page's pre-enrolment.
 */
final class EnrolmentLandmarks {
    private final Map<String, List<List<List<Double>>>> byHand;

    private EnrolmentLandmarks(Map<String, List<List<List<Double>>>> byHand) {
        this.byHand = byHand;
    }

    /** The lists by the images field they belong to; a list whose length is not its images' is a field error. */
    static EnrolmentLandmarks collect(Map<String, List<String>> hands, List<List<List<Double>>> left, List<List<List<Double>>> right,
            List<Problem.FieldError> errors) {
        Map<String, List<List<List<Double>>>> byHand = new LinkedHashMap<>();
        byHand.put("left_palm_images", left == null ? List.of() : left);
        byHand.put("right_palm_images", right == null ? List.of() : right);
        byHand.forEach((field, lists) -> {
            List<String> images = hands.get(field);
            if (!lists.isEmpty() && (images == null || lists.size() != images.size())) {
                errors.add(new Problem.FieldError(field.replace("images", "landmarks"), "must give one entry (or null) per image"));
            }
        });
        return new EnrolmentLandmarks(byHand);
    }

    /** The landmarks of picture {@code index} of {@code imagesField}, when the page sent some. */
    Optional<List<List<Double>>> of(String imagesField, int index) {
        List<List<List<Double>>> lists = byHand.getOrDefault(imagesField, List.of());
        return lists.isEmpty() ? Optional.empty() : Optional.ofNullable(lists.get(index));
    }

    /** The field naming them in a problem: {@code left_palm_landmarks[i]}. */
    static String field(String imagesField, int index) {
        return imagesField.replace("images", "landmarks") + "[" + index + "]";
    }
}
