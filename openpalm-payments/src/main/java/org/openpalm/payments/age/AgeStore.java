package org.openpalm.payments.age;

import java.util.Optional;
import java.util.OptionalInt;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.PaymentId;

/** Port: one attestation per customer (a new one replaces it); the minimum age a payment's items need. */
public interface AgeStore {
    Optional<AgeAttestation> attestation(CustomerId customer);

    void save(AgeAttestation attestation);

    int forget(CustomerId customer);

    /** The till's basket holds items sold from {@code minimumAge} only. */
    void requireAge(PaymentId payment, int minimumAge);

    /** The minimum age the payment's items need; empty when none is restricted. */
    OptionalInt minimumAge(PaymentId payment);
}
