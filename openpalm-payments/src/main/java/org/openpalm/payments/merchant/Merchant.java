package org.openpalm.payments.merchant;

import java.util.Objects;
import org.openpalm.payments.ids.MerchantId;

/** A business that accepts palm payments. */
public record Merchant(MerchantId id, String name) {
    public Merchant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("name must not be blank");
    }
}
