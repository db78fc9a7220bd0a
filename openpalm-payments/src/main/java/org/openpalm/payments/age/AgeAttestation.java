package org.openpalm.payments.age;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.StoreId;

/**
 * Staff checked a document and attest that the customer was born on or before {@code bornOnOrBefore}
 * (the latest date the rules need; not the date of birth), checked by {@code staffId} at {@code store}.
 * No image, number or full date of birth of the document is kept.
 */
public record AgeAttestation(CustomerId customer, LocalDate bornOnOrBefore, String staffId, StoreId store, DocumentType documentType,
                             Instant attestedAt) {
    public AgeAttestation {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(bornOnOrBefore, "bornOnOrBefore");
        Objects.requireNonNull(staffId, "staffId");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(attestedAt, "attestedAt");
        if (staffId.isBlank() || staffId.length() > 40) throw new IllegalArgumentException("staff id must be 1 to 40 characters");
    }

    /** Whether this attestation proves {@code minimumAge} on {@code today}. */
    public boolean proves(int minimumAge, LocalDate today) {
        return !bornOnOrBefore.isAfter(today.minusYears(minimumAge));
    }
}
