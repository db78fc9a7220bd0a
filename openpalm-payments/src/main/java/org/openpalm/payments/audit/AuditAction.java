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
    /** A pre-enrolment confirmed at its first palm payment: its palms are active (subject: the customer). */
    PRE_ENROLMENT_CONFIRMED,
    /** A palm at a reader did not match the pre-enrolment of the digits typed (subject: the customer). */
    PRE_ENROLMENT_CONFIRMATION_FAILED,
    /** A pre-enrolment deleted unconfirmed: expired, or too many failed confirmations (subject: the customer). */
    PRE_ENROLMENT_DELETED
}
