package org.openpalm.payments.customer;

/** Where a consent was given or withdrawn. */
public enum ConsentChannel {
    /** The enrolment kiosk (terminal). */
    KIOSK,
    /** The customer portal. */
    PORTAL,
    /** An API call on the customer's behalf (support, admin). */
    API
}
