package org.openpalm.payments.network;

import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;

/**
 * Port to the card network (acquirer link). Blocking calls, made outside any transaction or lock.
 * The ISO 8583 implementation lives in its own module; {@link InProcessNetwork} is the test double.
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
