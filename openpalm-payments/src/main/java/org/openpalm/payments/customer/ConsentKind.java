package org.openpalm.payments.customer;

/** What a customer agreed to. */
public enum ConsentKind {
    /** Capture, storage and matching of palm templates (GDPR art. 9 explicit consent). */
    BIOMETRIC_PROCESSING
}
