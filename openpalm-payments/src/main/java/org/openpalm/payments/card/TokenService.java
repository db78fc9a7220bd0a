package org.openpalm.payments.card;

import java.util.Objects;

/** Port to a token service provider: exchanges a card number for a network token. */
public interface TokenService {
    TokenisationResult tokenise(CardNumber number, Expiry expiry);

    sealed interface TokenisationResult {
        record Tokenised(NetworkToken token, PaymentAccountReference accountReference, CardBrand brand, String last4)
                implements TokenisationResult {
            public Tokenised {
                Objects.requireNonNull(token, "token");
                Objects.requireNonNull(accountReference, "accountReference");
                Objects.requireNonNull(brand, "brand");
                Objects.requireNonNull(last4, "last4");
            }
        }

        /** The issuer does not allow tokenisation of this card (unknown, closed, expired). */
        record Refused(String reason) implements TokenisationResult {}

        record Unavailable(String reason) implements TokenisationResult {}
    }
}
