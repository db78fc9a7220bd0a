package org.openpalm.payments.payment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.money.Money;

/** Port: read-only queries over payments and the journal, for terminals, dashboards and reports. */
public interface PaymentQueries {
    /** Which payments a merchant lists; an empty part does not filter. {@code to} is exclusive. */
    record Filter(Optional<PaymentStatus> status, Optional<Instant> from, Optional<Instant> to, Optional<TerminalId> terminal) {
        public Filter {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(terminal, "terminal");
        }
    }

    /** Where a page ends: the listing continues with payments older than this one (newest first). */
    record Cursor(Instant createdAt, PaymentId after) {
        public Cursor {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(after, "after");
        }
    }

    /** The few columns a daily report needs of one payment. */
    record Attempt(Instant createdAt, PaymentStatus status, boolean wasAuthorised, Money amount) {
        public Attempt {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** A merchant's payments matching {@code filter}, newest first, at most {@code limit}. */
    List<PaymentId> page(MerchantId merchant, Filter filter, Optional<Cursor> after, int limit);

    /** The oldest payment on this terminal created at or after {@code since} that still waits for a palm. */
    Optional<PaymentId> oldestAwaitingPalm(TerminalId terminal, Instant since);

    /** A merchant's payments created in [from, to). */
    List<Attempt> attempts(MerchantId merchant, Instant from, Instant to);

    /** Journal transfers touching the merchant's payable accounts, posted in [from, to), in order. */
    List<Transfer> merchantTransfers(MerchantId merchant, Instant from, Instant to);
}
