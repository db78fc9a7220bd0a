package org.openpalm.payments.customer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;

/**
 * A customer's consent, with the version of the text agreed to and the channel of the last change
 * (grant or withdrawal); withdrawn consents keep their record.
 */
public record Consent(CustomerId customer, ConsentKind kind, String textVersion, Instant grantedAt, Optional<Instant> withdrawnAt,
                      ConsentChannel channel) {
    public Consent {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(textVersion, "textVersion");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(withdrawnAt, "withdrawnAt");
        Objects.requireNonNull(channel, "channel");
    }

    public boolean activeAt(Instant when) {
        return !grantedAt.isAfter(when) && withdrawnAt.map(w -> w.isAfter(when)).orElse(true);
    }

    /** Whether it has not been withdrawn. */
    public boolean active() {
        return withdrawnAt.isEmpty();
    }

    public Consent withdrawn(Instant at, ConsentChannel via) {
        return new Consent(customer, kind, textVersion, grantedAt, Optional.of(at), via);
    }
}
