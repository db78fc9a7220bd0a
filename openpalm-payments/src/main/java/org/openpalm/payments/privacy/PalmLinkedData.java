package org.openpalm.payments.privacy;

import org.openpalm.payments.ids.CustomerId;

/**
 * Data that exists only because the customer's palm identifies them (loyalty memberships, entry
 * consents and tickets, age attestations): erased with the palm data, in the same transaction.
 */
public interface PalmLinkedData {
    /** Deletes the customer's records; returns how many. */
    int forget(CustomerId customer);
}
