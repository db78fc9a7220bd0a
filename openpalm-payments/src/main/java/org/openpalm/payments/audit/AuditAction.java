package org.openpalm.payments.audit;

/** What was done to or with a customer's personal data. */
public enum AuditAction {
    ENROLMENT,
    CONSENT_GRANTED,
    CONSENT_WITHDRAWN,
    PALM_DATA_ERASED,
    DATA_EXPORTED,
    PORTAL_SIGN_IN,
    /** An administrator read personal data (the audit trail of a customer, for instance). */
    ADMIN_ACCESS,
    /** A palm presentation refused: a replayed capture or too many attempts (subject: the payment). */
    PRESENTATION_REFUSED,
    /** An enrolment refused by its checks: terminal role, card verification, phone code, replayed capture (subject: the terminal). */
    ENROLMENT_REFUSED,
    /** A terminal sent a capture judged a presentation attack (a print or screen, not a live hand); the subject is the terminal. */
    PRESENTATION_ATTACK,
    /** The customer joined a merchant's loyalty programme (consent to use their palm as its loyalty card). */
    LOYALTY_JOINED,
    /** The customer left a merchant's loyalty programme (consent withdrawn). */
    LOYALTY_LEFT,
    /** The customer consented to, or withdrew, entry by palm at a merchant's gates. */
    ENTRY_CONSENT,
    /** A palm presented at a gate was identified as this customer: allowed or denied (subject: the customer). */
    ENTRY,
    /** Staff recorded an age attestation after checking a document (no image, no date of birth kept). */
    AGE_ATTESTED,
    /** A reader asked whether the customer is over an age; the answer, never a date, is recorded. */
    AGE_CHECKED,
    /** A pre-enrolment confirmed at its first palm payment: its palms are active (subject: the customer). */
    PRE_ENROLMENT_CONFIRMED,
    /** A palm at a reader did not match the pre-enrolment of the digits typed (subject: the customer). */
    PRE_ENROLMENT_CONFIRMATION_FAILED,
    /** A pre-enrolment deleted unconfirmed: expired, or too many failed confirmations (subject: the customer). */
    PRE_ENROLMENT_DELETED
}
