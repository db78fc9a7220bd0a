package org.openpalm.payments.merchant;

import java.util.Objects;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;

/** A physical shop of a merchant. */
public record Store(StoreId id, MerchantId merchant, String name) {
    public Store {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(name, "name");
    }
}
