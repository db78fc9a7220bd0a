package org.openpalm.payments.access;

import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.TicketId;

/** A ticket on a merchant's access list: the holder enters by palm from {@code validFrom} until {@code validUntil} (exclusive). */
public record Ticket(TicketId id, MerchantId merchant, CustomerId customer, String holderName, Instant validFrom, Instant validUntil,
                     Instant createdAt) {
    public Ticket {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(holderName, "holderName");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(createdAt, "createdAt");
        if (holderName.isBlank() || holderName.length() > 100) throw new IllegalArgumentException("holder name must be 1 to 100 characters");
        if (!validUntil.isAfter(validFrom)) throw new IllegalArgumentException("valid_until must be after valid_from");
    }

    public boolean validAt(Instant t) {
        return !t.isBefore(validFrom) && t.isBefore(validUntil);
    }
}
