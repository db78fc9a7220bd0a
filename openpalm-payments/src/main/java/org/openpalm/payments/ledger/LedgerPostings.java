package org.openpalm.payments.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.FeeSchedule;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentEvent;

/**
 * The journal entries of each payment event:
 * <ul>
 *   <li>authorised: PENDING card funding -> merchant payable, the authorised amount ({@code :auth});
 *   <li>captured: POST_PENDING of the auth for the captured amount ({@code :capture}), and the fee
 *       POSTED merchant payable -> platform fee ({@code :fee});
 *   <li>voided after authorisation: VOID_PENDING of the auth ({@code :void});
 *   <li>refunded: POSTED merchant payable -> card funding ({@code :refund:ref_...}).
 * </ul>
 * Transfer ids are derived from the payment and event, so re-posting is idempotent.
 */
public final class LedgerPostings {
    private final FeeSchedule fees;

    public LedgerPostings(FeeSchedule fees) {
        this.fees = fees;
    }

    /** The accounts a merchant's payments in this currency post to. */
    public static List<AccountId> accountsOf(MerchantId merchant, Currency currency) {
        return List.of(AccountId.cardFunding(currency), AccountId.merchantPayable(merchant, currency), AccountId.platformFee(currency));
    }

    public static TransferId authId(Payment p) {
        return new TransferId(p.id().value() + ":auth");
    }

    /** The transfer that takes captured funds: it has a 0220 at the network. */
    public static TransferId captureId(PaymentId payment) {
        return new TransferId(payment.value() + ":capture");
    }

    /** The transfer that releases an authorised hold: it has a 0400 at the network. */
    public static TransferId voidId(PaymentId payment) {
        return new TransferId(payment.value() + ":void");
    }

    /** The transfer of a refund: it has a 0200 (processing code 20) at the network. */
    public static TransferId refundId(PaymentId payment, RefundId refund) {
        return new TransferId(payment.value() + ":refund:" + refund.value());
    }

    public List<Transfer> forEvent(Payment after, PaymentEvent event, Instant at) {
        Currency currency = after.amount().currency();
        AccountId funding = AccountId.cardFunding(currency);
        AccountId merchant = AccountId.merchantPayable(after.merchant(), currency);
        AccountId fee = AccountId.platformFee(currency);
        String base = after.id().value();
        return switch (event) {
            case PaymentEvent.PalmAwaited e -> List.of();
            case PaymentEvent.HintRequested e -> List.of();
            case PaymentEvent.Declined e -> List.of();
            case PaymentEvent.MovementClaimed e -> List.of(); // nothing moved yet: the settlement posts
            case PaymentEvent.ClaimReleased e -> List.of();
            case PaymentEvent.Authorised e -> List.of(new Transfer(authId(after), funding, merchant, e.amount().minor(),
                    TransferKind.PENDING, Optional.empty(), after.id(), at));
            case PaymentEvent.Captured e -> {
                Transfer capture = new Transfer(captureId(after.id()), funding, merchant, e.captured().minor(),
                        TransferKind.POST_PENDING, Optional.of(authId(after)), after.id(), at);
                Money feeAmount = fees.feeOn(e.captured());
                yield feeAmount.isZero() ? List.of(capture) : List.of(capture, new Transfer(new TransferId(base + ":fee"),
                        merchant, fee, feeAmount.minor(), TransferKind.POSTED, Optional.empty(), after.id(), at));
            }
            case PaymentEvent.Voided e -> e.released().isZero() ? List.of() : List.of(new Transfer(
                    voidId(after.id()), funding, merchant, e.released().minor(), TransferKind.VOID_PENDING,
                    Optional.of(authId(after)), after.id(), at));
            case PaymentEvent.Refunded e -> List.of(new Transfer(refundId(after.id(), e.refund()),
                    merchant, funding, e.amount().minor(), TransferKind.POSTED, Optional.empty(), after.id(), at));
        };
    }
}
