package org.openpalm.payments.merchant;

import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;

/** Merchants, their stores, terminals and API keys (stored hashed). */
public interface MerchantRepository {
    void saveMerchant(Merchant merchant);

    void saveStore(Store store);

    void saveTerminal(Terminal terminal);

    void saveApiKey(MerchantId merchant, ApiKeyHash hash);

    Optional<Merchant> findMerchant(MerchantId id);

    Optional<Store> findStore(StoreId id);

    Optional<Terminal> findTerminal(TerminalId id);

    Optional<Merchant> findMerchantByApiKey(ApiKeyHash hash);
}
