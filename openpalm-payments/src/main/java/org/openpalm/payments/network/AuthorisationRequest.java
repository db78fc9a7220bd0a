package org.openpalm.payments.network;

import java.util.Objects;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.NetworkToken;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.money.Money;

/** What the platform asks the card network to approve: the card's token with its expiry, and the amount. */
public record AuthorisationRequest(PaymentId payment, MerchantId merchant, NetworkToken token, Expiry expiry, Money amount) {
    public AuthorisationRequest {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(amount, "amount");
    }
}
