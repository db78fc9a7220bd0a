package org.openpalm.payments.age;

/** The reader's answer to "18+?": yes or no, never a date; or why it cannot say. */
public sealed interface AgeAnswer {
    record Yes() implements AgeAnswer {}

    /** The attestation does not show the age asked for. */
    record No() implements AgeAnswer {}

    /** No attestation: {@code howTo} tells the shopper how to get one. */
    record NotVerified(String howTo) implements AgeAnswer {}

    record NotRecognised() implements AgeAnswer {}

    /** Several palms match; staff check the document instead. */
    record Ambiguous() implements AgeAnswer {}

    String HOW_TO_VERIFY = "Not verified: show an ID document once at a staffed kiosk to verify your age with your palm";
}
