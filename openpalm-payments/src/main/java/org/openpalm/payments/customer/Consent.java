package org.openpalm.payments.customer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;

/** A customer's consent, with the version of the text agreed to; withdrawn consents keep their record. */
public record Consent(CustomerId customer, ConsentKind kind, String textVersion, Instant grantedAt, Optional<Instant> withdrawnAt) {
    public Consent {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(textVersion, "textVersion");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(withdrawnAt, "withdrawnAt");
    }

    public boolean activeAt(Instant when) {
        return !grantedAt.isAfter(when) && withdrawnAt.map(w -> w.isAfter(when)).orElse(true);
    }
}
