package org.openpalm.payments.ledger;

import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.money.Currency;

/**
 * A ledger account: kind, currency and, for merchant accounts, the merchant. Its {@link #key()}
 * ({@code MERCHANT_PAYABLE:mer_...:EUR}) is what the journal stores.
 */
public record AccountId(AccountKind kind, Currency currency, Optional<MerchantId> merchant) {
    public AccountId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(merchant, "merchant");
        boolean needsMerchant = switch (kind) {
            case MERCHANT_PAYABLE -> true;
            case CARD_FUNDING, PLATFORM_FEE -> false;
        };
        if (needsMerchant != merchant.isPresent()) throw new IllegalArgumentException(kind + " account " + (needsMerchant ? "needs" : "takes no") + " merchant");
    }

    public static AccountId cardFunding(Currency currency) {
        return new AccountId(AccountKind.CARD_FUNDING, currency, Optional.empty());
    }

    public static AccountId merchantPayable(MerchantId merchant, Currency currency) {
        return new AccountId(AccountKind.MERCHANT_PAYABLE, currency, Optional.of(merchant));
    }

    public static AccountId platformFee(Currency currency) {
        return new AccountId(AccountKind.PLATFORM_FEE, currency, Optional.empty());
    }

    public String key() {
        return kind.name() + merchant.map(m -> ":" + m.value()).orElse("") + ":" + currency.code();
    }

    public static AccountId parse(String key) {
        String[] parts = key.split(":");
        AccountKind kind = AccountKind.valueOf(parts[0]);
        Currency currency = Currency.require(parts[parts.length - 1]);
        Optional<MerchantId> merchant = parts.length == 3 ? Optional.of(new MerchantId(parts[1])) : Optional.empty();
        return new AccountId(kind, currency, merchant);
    }

    @Override
    public String toString() {
        return key();
    }
}
