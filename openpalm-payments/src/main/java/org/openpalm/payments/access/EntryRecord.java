package org.openpalm.payments.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EntryId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;

/** One palm presented at a gate and the answer: counted per merchant and day. */
public record EntryRecord(EntryId id, MerchantId merchant, StoreId store, TerminalId terminal, Optional<CustomerId> customer,
                          boolean allowed, String reason, Instant at) {
    public EntryRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
