package org.openpalm.payments.customer;

/** Where a consent was given or withdrawn. */
public enum ConsentChannel {
    /** The enrolment kiosk (terminal). */
    KIOSK,
    /** The customer portal. */
    PORTAL,
    /** An API call on the customer's behalf (support, admin). */
    API,
    /** The shopper's own phone page ({@code /enrol.html}): a pre-enrolment. */
    PHONE_PAGE
}
