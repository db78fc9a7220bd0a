package org.openpalm.payments.customer;

/** What a customer agreed to. Each kind is consented to separately. */
public enum ConsentKind {
    /** Capture, storage and matching of palm templates (GDPR art. 9 explicit consent); palm payment needs it. */
    BIOMETRIC_PROCESSING,
    /** Optional: the customer's payments feed merchants' aggregated shopping insights. Off unless granted. */
    SHOPPING_INSIGHTS
}
