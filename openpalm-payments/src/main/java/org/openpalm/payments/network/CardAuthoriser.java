package org.openpalm.payments.network;

import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;

/**
 * Port to the card network (acquirer link). Blocking calls, made outside any transaction or lock.
 * The ISO 8583 implementation lives in its own module; {@link InProcessNetwork} is the test double.
 *
 * <p>Every call is idempotent per business identity, because the platform calls the network first
 * and records the result after: if it crashes in between, the retried request repeats the call.
 * A repeated authorisation for a payment with an open (or already captured) approval of the same
 * amount returns that approval (no second hold); a repeated capture of the same amount, a repeated reversal and a
 * repeated refund with the same refund id are accepted without moving money again.
 */
public interface CardAuthoriser {
    AuthorisationResult authorise(AuthorisationRequest request);

    /** Completion of an authorisation for {@code amount} (at most the authorised amount). */
    ClearingResult capture(PaymentId payment, Authorisation authorisation, Money amount);

    /**
     * Reversal of any authorisation made for the payment (void, a lost race, or after a timeout,
     * when the platform cannot know whether the issuer approved). Reversing nothing is accepted.
     */
    ClearingResult reverse(PaymentId payment);

    ClearingResult refund(PaymentId payment, Authorisation authorisation, RefundId refund, Money amount);
}
