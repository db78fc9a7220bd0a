package org.openpalm.payments.age;

import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;

/** Port: one attestation per customer (a new one replaces it). */
public interface AgeStore {
    Optional<AgeAttestation> attestation(CustomerId customer);

    void save(AgeAttestation attestation);

    int forget(CustomerId customer);
}
