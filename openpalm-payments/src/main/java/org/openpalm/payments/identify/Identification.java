package org.openpalm.payments.identify;

import org.openpalm.payments.ids.EnrolmentId;

/** The outcome of a 1:N palm search. */
public sealed interface Identification {
    record Identified(EnrolmentId enrolment, double score) implements Identification {}

    /** Several enrolled palms match: ask the shopper for the hint. */
    record HintNeeded(int candidates) implements Identification {}

    record NotRecognised() implements Identification {}

    /**
     * The gallery could not be searched whole (a clustered gallery below a majority of its
     * members, or partitions not covered after retries): no answer rather than one from part of
     * the palms. Retry later.
     */
    record GalleryUnavailable(String reason) implements Identification {}
}
